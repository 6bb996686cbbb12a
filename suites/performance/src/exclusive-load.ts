import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isAlive, waitUntil } from '@orch/harness';

const LOCK_FILE = path.join(os.tmpdir(), 'orch-performance-load.lock');

function tryAcquire(): boolean {
  try {
    fs.writeFileSync(LOCK_FILE, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    const holder = Number(fs.readFileSync(LOCK_FILE, 'utf8').trim() || 0);
    // A holder that died leaves its lock behind; it no longer measures anything.
    if (holder && holder !== process.pid && !isAlive(holder)) fs.rmSync(LOCK_FILE, { force: true });
    return false;
  }
}

/**
 * Runs one heavy phase at a time on this machine — a measured load, a system's start-up or
 * warm-up, a teardown — even if Jest runs the performance files in parallel workers: two at once
 * would each measure the other's CPU. What stays parallel is the cheap part (module loading,
 * assertions, reading the database).
 */
export async function exclusiveLoad<T>(body: () => Promise<T>, timeoutMs = 30 * 60_000): Promise<T> {
  await waitUntil(async () => tryAcquire(), { timeoutMs, intervalMs: 50, what: 'the machine-wide load lock' });
  try {
    return await body();
  } finally {
    fs.rmSync(LOCK_FILE, { force: true });
  }
}
