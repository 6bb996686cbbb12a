import * as fs from 'node:fs';
import * as path from 'node:path';
import { orchEnvironment } from '../environment/orch-environment';

/**
 * Where one Jest run keeps its sidecar files (metrics, not-run reasons, service info). Jest has
 * no channel from tests to reporters, so tests append JSON lines here and the reporter reads them.
 * Global setup sets ORCH_RUN_DIR so every worker and child process agrees on it.
 */
export function runDirectory(): string {
  return orchEnvironment().runDir ?? path.resolve(process.cwd(), 'reports', '.runtime');
}

export function ensureRunDirectory(directory = runDirectory()): string {
  fs.mkdirSync(path.join(directory, 'metrics'), { recursive: true });
  return directory;
}

/** The file name of the metric sidecar of one test file. */
export function sidecarFileName(testPath: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < testPath.length; index += 1) {
    hash ^= testPath.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const base = path.basename(testPath).replace(/[^A-Za-z0-9._-]/g, '_');
  return `${base}.${hash.toString(16).padStart(8, '0')}.jsonl`;
}
