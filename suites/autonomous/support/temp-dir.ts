import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A temp directory removed after the file's tests (register with afterAll). */
export function makeTempDir(label: string): { path: string; remove(): void } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), `orch-autonomous-${label}-`));
  return { path: directory, remove: () => fs.rmSync(directory, { recursive: true, force: true }) };
}
