import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Clock } from '../clock/clock';

export interface AuditInput {
  actor: string;
  operation: string;
  target: string;
  outcome: 'started' | 'succeeded' | 'failed' | 'blocked' | 'info';
  detail: Record<string, unknown>;
}

export interface AuditEntry extends AuditInput {
  seq: number;
  at: number;
  prevHash: string;
  hash: string;
}

export interface AuditCheckpoint {
  seq: number;
  hash: string;
  at: number;
  signature: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first record that is wrong: its sequence number (1-based) and line. */
  firstBadSeq: number | null;
  problem: 'modified' | 'removed' | 'truncated' | 'unparseable' | 'bad-checkpoint' | null;
  message: string;
}

export interface AuditTrailOptions {
  path: string;
  /** Checkpoints go to a separate file (by default `<path>.checkpoints`), ideally on other storage. */
  checkpointPath?: string;
  /** HMAC-SHA256 key for checkpoint signatures. */
  signingKey: string | Buffer;
  clock: Clock;
  /** A signed checkpoint every N entries (and on close). */
  checkpointEvery?: number;
}

const GENESIS = '0'.repeat(64);

function entryHash(prevHash: string, body: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(prevHash).update(JSON.stringify(body)).digest('hex');
}

/**
 * Tamper-evident, append-only log of every autonomous operation. Each line carries the SHA-256
 * of the previous entry and itself (a hash chain); signed checkpoints (seq + hash, HMAC) are kept
 * in a separate file, so rewriting the log and its chain consistently still fails on the
 * signatures, and cutting the tail is caught by the last checkpoint. The file descriptor is
 * opened with O_APPEND and the class has no update or delete: history cannot be changed through
 * JARVIS, and a change made outside it is detected at the exact record by `verify()`.
 */
export class AuditTrail {
  private readonly fd: number;
  private readonly checkpointFd: number;
  private readonly checkpointPath: string;
  private readonly key: Buffer;
  private readonly every: number;
  private lastSeq = 0;
  private lastHash = GENESIS;
  private lastCheckpointSeq = 0;
  private closed = false;

  constructor(private readonly options: AuditTrailOptions) {
    this.checkpointPath = options.checkpointPath ?? `${options.path}.checkpoints`;
    this.key = Buffer.isBuffer(options.signingKey) ? options.signingKey : Buffer.from(options.signingKey);
    this.every = options.checkpointEvery ?? 100;
    const existing = AuditTrail.readEntries(options.path);
    const last = existing.at(-1);
    if (last) {
      this.lastSeq = last.seq;
      this.lastHash = last.hash;
    }
    this.lastCheckpointSeq = AuditTrail.readCheckpoints(this.checkpointPath).at(-1)?.seq ?? 0;
    fs.mkdirSync(path.dirname(options.path), { recursive: true });
    fs.mkdirSync(path.dirname(this.checkpointPath), { recursive: true });
    this.fd = fs.openSync(options.path, 'a', 0o600);
    this.checkpointFd = fs.openSync(this.checkpointPath, 'a', 0o600);
  }

  get path(): string {
    return this.options.path;
  }

  head(): { seq: number; hash: string } {
    return { seq: this.lastSeq, hash: this.lastHash };
  }

  append(input: AuditInput): AuditEntry {
    if (this.closed) throw new Error('audit trail is closed');
    const body = {
      seq: this.lastSeq + 1,
      at: this.options.clock.now(),
      actor: input.actor,
      operation: input.operation,
      target: input.target,
      outcome: input.outcome,
      detail: input.detail,
      prevHash: this.lastHash,
    };
    const entry: AuditEntry = { ...body, hash: entryHash(this.lastHash, body) };
    fs.writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    this.lastSeq = entry.seq;
    this.lastHash = entry.hash;
    if (this.lastSeq - this.lastCheckpointSeq >= this.every) this.checkpoint();
    return Object.freeze(entry);
  }

  /** Writes a signed checkpoint of the current head to the checkpoint file. */
  checkpoint(): AuditCheckpoint | undefined {
    if (this.lastSeq === this.lastCheckpointSeq) return undefined;
    const checkpoint: AuditCheckpoint = { seq: this.lastSeq, hash: this.lastHash, at: this.options.clock.now(), signature: sign(this.key, this.lastSeq, this.lastHash) };
    fs.writeSync(this.checkpointFd, `${JSON.stringify(checkpoint)}\n`);
    this.lastCheckpointSeq = this.lastSeq;
    return checkpoint;
  }

  /** Read-only view of the entries on disk. */
  entries(): AuditEntry[] {
    return AuditTrail.readEntries(this.options.path);
  }

  verify(): AuditVerification {
    return verifyAuditFiles(this.options.path, this.checkpointPath, this.key, this.lastSeq);
  }

  close(): void {
    if (this.closed) return;
    this.checkpoint();
    this.closed = true;
    fs.closeSync(this.fd);
    fs.closeSync(this.checkpointFd);
  }

  static readEntries(path: string): AuditEntry[] {
    if (!fs.existsSync(path)) return [];
    return fs
      .readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as AuditEntry);
  }

  static readCheckpoints(path: string): AuditCheckpoint[] {
    if (!fs.existsSync(path)) return [];
    return fs
      .readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as AuditCheckpoint);
  }
}

function sign(key: Buffer, seq: number, hash: string): string {
  return createHmac('sha256', key).update(`${seq}:${hash}`).digest('hex');
}

function fail(entries: number, seq: number, problem: NonNullable<AuditVerification['problem']>, message: string): AuditVerification {
  return { ok: false, entries, firstBadSeq: seq, problem, message };
}

/**
 * Recomputes the chain from the genesis hash and checks every signed checkpoint. `knownHead`
 * is the writer's own last sequence number (0 when verifying files cold).
 */
export function verifyAuditFiles(path: string, checkpointPath: string, key: string | Buffer, knownHead = 0): AuditVerification {
  const keyBuffer = Buffer.isBuffer(key) ? key : Buffer.from(key);
  const lines = fs.existsSync(path)
    ? fs
        .readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
    : [];
  const hashes = new Map<number, string>();
  let prevHash = GENESIS;
  let expectedSeq = 1;
  for (const line of lines) {
    let entry: AuditEntry;
    try {
      entry = JSON.parse(line) as AuditEntry;
    } catch {
      return fail(lines.length, expectedSeq, 'unparseable', `record ${expectedSeq} is not valid JSON`);
    }
    if (entry.seq !== expectedSeq) return fail(lines.length, expectedSeq, 'removed', `record ${expectedSeq} is missing (found ${entry.seq} in its place)`);
    const { hash, ...body } = entry;
    if (entry.prevHash !== prevHash || entryHash(prevHash, body) !== hash) return fail(lines.length, expectedSeq, 'modified', `record ${expectedSeq} does not match its hash`);
    hashes.set(entry.seq, hash);
    prevHash = hash;
    expectedSeq += 1;
  }
  const lastSeq = expectedSeq - 1;
  let lastGoodCheckpoint = 0;
  for (const checkpoint of AuditTrail.readCheckpoints(checkpointPath)) {
    const expected = Buffer.from(sign(keyBuffer, checkpoint.seq, checkpoint.hash), 'hex');
    const given = Buffer.from(checkpoint.signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return fail(lines.length, checkpoint.seq, 'bad-checkpoint', `checkpoint at record ${checkpoint.seq} has an invalid signature`);
    if (checkpoint.seq > lastSeq) return fail(lines.length, lastSeq + 1, 'truncated', `the log ends at record ${lastSeq} but a signed checkpoint covers record ${checkpoint.seq}`);
    // A chain rewritten consistently after an edit still differs from the signed hash.
    // A chain re-forged consistently after an edit still differs from the signed hash; the
    // edit lies after the last checkpoint that still matches.
    if (hashes.get(checkpoint.seq) !== checkpoint.hash)
      return fail(lines.length, lastGoodCheckpoint + 1, 'modified', `records ${lastGoodCheckpoint + 1}..${checkpoint.seq} differ from the signed checkpoint`);
    lastGoodCheckpoint = checkpoint.seq;
  }
  if (knownHead > lastSeq) return fail(lines.length, lastSeq + 1, 'truncated', `the log ends at record ${lastSeq} but ${knownHead} were written`);
  return { ok: true, entries: lines.length, firstBadSeq: null, problem: null, message: `${lines.length} records verified` };
}
