import * as fs from 'node:fs';
import * as path from 'node:path';

let sequence = 0;

/**
 * Writes JSON through a temp file and a rename, so a reader (another agent, a dashboard, a test
 * polling for a pid) never sees a half-written file.
 */
export function writeJsonAtomic(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  sequence += 1;
  const temporary = `${file}.${process.pid}.${sequence}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(temporary, file);
}
