import * as fs from 'node:fs';
import * as path from 'node:path';
import { runDirectory, sidecarFileName } from '../metrics/run-dir';
import type { SystemName, TargetKind } from './system-target';

/**
 * Which system an agent's tests ran against, so the report can name every agent's target. Kept
 * in its own sidecar folder (`<run dir>/targets/`) beside the metric sidecars, one JSON line per
 * started target.
 */
export interface TargetRecord {
  v: 1;
  kind: 'target';
  testPath: string;
  /** The suite folder the test file sits in (`suites/<agent>/...`), when it sits in one. */
  agent?: string;
  system: SystemName;
  targetKind: TargetKind;
  baseUrl: string;
  recordedAt: string;
}

export function targetRecordDirectory(directory = runDirectory()): string {
  return path.join(directory, 'targets');
}

function agentOf(testPath: string): string | undefined {
  return /(?:^|[\\/])suites[\\/]([^\\/]+)[\\/]/.exec(testPath)?.[1];
}

function currentTestPath(): string {
  const state = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState();
  return state?.testPath ?? process.env.ORCH_TEST_PATH ?? 'outside-jest';
}

export function recordTarget(target: { system: SystemName; kind: TargetKind; baseUrl: string }): TargetRecord {
  const testPath = currentTestPath();
  const agent = agentOf(testPath);
  const record: TargetRecord = {
    v: 1,
    kind: 'target',
    testPath,
    ...(agent ? { agent } : {}),
    system: target.system,
    targetKind: target.kind,
    baseUrl: target.baseUrl,
    recordedAt: new Date().toISOString(),
  };
  const directory = targetRecordDirectory();
  fs.mkdirSync(directory, { recursive: true });
  fs.appendFileSync(path.join(directory, sidecarFileName(testPath)), `${JSON.stringify(record)}\n`);
  return record;
}

/** When the run that uses this directory started (global setup writes it); older records are a previous run's. */
function runStartedAt(directory: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(directory, 'run-started.json'), 'utf8')) as { startedAt?: string }).startedAt;
  } catch {
    return undefined;
  }
}

/** Every target record of the current run (for the reporter), in file order. */
export function readTargetRecords(directory = runDirectory()): TargetRecord[] {
  const folder = targetRecordDirectory(directory);
  if (!fs.existsSync(folder)) return [];
  const since = runStartedAt(directory);
  const records = fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .flatMap((file) =>
      fs
        .readFileSync(path.join(folder, file), 'utf8')
        .split('\n')
        .filter((line) => line.trim())
        .flatMap((line) => {
          try {
            const record = JSON.parse(line) as TargetRecord;
            return record.kind === 'target' ? [record] : [];
          } catch {
            return [];
          }
        }),
    );
  return since ? records.filter((record) => record.recordedAt >= since) : records;
}

/** One line per agent: `integration: ai-dawg http://... (url)`; the first record of each agent and system wins. */
export function targetsByAgent(records: TargetRecord[]): Record<string, { system: SystemName; targetKind: TargetKind; baseUrl: string }[]> {
  const result: Record<string, { system: SystemName; targetKind: TargetKind; baseUrl: string }[]> = {};
  for (const record of records) {
    const list = (result[record.agent ?? 'other'] ??= []);
    if (list.some((entry) => entry.system === record.system && entry.targetKind === record.targetKind && (record.targetKind === 'reference' || entry.baseUrl === record.baseUrl)))
      continue;
    list.push({ system: record.system, targetKind: record.targetKind, baseUrl: record.baseUrl });
  }
  return result;
}
