import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A temp directory for one test file, created on first use (so a describe block whose tests are
 * all filtered out leaves nothing behind) and removed by `remove()` (register it with afterAll).
 */
export function makeTempDir(label: string): { readonly path: string; remove(): void } {
  let directory: string | undefined;
  return {
    get path(): string {
      directory ??= fs.mkdtempSync(path.join(os.tmpdir(), `orch-autonomous-${label}-`));
      return directory;
    },
    remove(): void {
      if (directory) fs.rmSync(directory, { recursive: true, force: true });
      directory = undefined;
    },
  };
}
