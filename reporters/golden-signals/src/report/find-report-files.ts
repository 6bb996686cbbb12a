import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Every `report.json` under the given directories (files are taken as they are), sorted, so a
 * merge job can point at a folder of downloaded CI artifacts. `exclude` keeps the merge's own
 * output folder from being merged into itself.
 */
export function findReportFiles(inputs: readonly string[], exclude: readonly string[] = []): string[] {
  const skip = new Set(exclude.map((item) => path.resolve(item)));
  const found = new Set<string>();
  const walk = (directory: string): void => {
    if (skip.has(path.resolve(directory))) return;
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        // `.parts` holds the pieces `pnpm test` already merged into the report beside it.
        if (!['node_modules', '.git', '.parts'].includes(entry.name)) walk(full);
      } else if (entry.name === 'report.json') found.add(path.resolve(full));
    }
  };
  for (const input of inputs) {
    const stat = fs.statSync(input);
    if (stat.isDirectory()) walk(input);
    else found.add(path.resolve(input));
  }
  return [...found].sort();
}
