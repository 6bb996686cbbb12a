import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCoverageMap, type CoverageMap } from 'istanbul-lib-coverage';
import { COVERAGE_TARGET } from '@orch/golden-signals-reporter';
import type { ExportedFunction } from './exported-functions';

export interface UntestedExport extends ExportedFunction {
  /** `no-coverage-data`: the file was not in the last coverage at all. */
  why: 'never-called' | 'file-not-loaded';
  owner: string;
}

export interface FileUnderTarget {
  file: string;
  linesPct: number;
  linesCovered: number;
  linesTotal: number;
  owner: string;
}

export interface CodeGaps {
  /** Where the last coverage came from, or why there is none. */
  coverage: { files: string[]; note?: string };
  exportedFunctions: number;
  untestedExports: UntestedExport[];
  filesUnderTarget: FileUnderTarget[];
}

/**
 * Which agent writes the missing tests: the folder names the concern (safety → security,
 * autonomy → autonomous, cost/business → cloud...); everything else is the unit agent's.
 */
const OWNERS: Array<{ agent: string; pattern: RegExp }> = [
  { agent: 'security', pattern: /\/(auth|safety|security|audit)\b|jwt|password|rate-limit/i },
  { agent: 'autonomous', pattern: /\/(autonomy|learning|recovery)\b/i },
  { agent: 'cloud', pattern: /\/(deploy|business|cloud|cost)\b/i },
  { agent: 'integration', pattern: /\/(collaboration|producer|sessions)\b/i },
];

export function owningAgent(file: string): string {
  return OWNERS.find((owner) => owner.pattern.test(file))?.agent ?? 'unit';
}

/** The last run's coverage maps: `pnpm test`'s, then each agent's of the last `pnpm orchestrate`. */
export function lastCoverageFiles(repoRoot: string, stateDirectory: string, reportsDirectory: string): string[] {
  const candidates = [path.join(reportsDirectory, 'coverage', 'coverage-final.json')];
  const runs = path.join(stateDirectory, 'runs');
  if (fs.existsSync(runs)) {
    for (const agent of fs.readdirSync(runs)) candidates.push(path.join(runs, agent, 'reports', 'coverage', 'coverage-final.json'));
  }
  return candidates.filter((file) => fs.existsSync(file)).map((file) => path.relative(repoRoot, file) || file);
}

function readCoverage(repoRoot: string, files: readonly string[]): CoverageMap {
  const map = createCoverageMap({});
  for (const file of files) {
    try {
      map.merge(JSON.parse(fs.readFileSync(path.resolve(repoRoot, file), 'utf8')) as Record<string, never>);
    } catch {
      // An unreadable map leaves the others; a gap then shows as "file not loaded", never as covered.
    }
  }
  return map;
}

/** Exports joined with the last coverage: the ones no test called, and files under the 80% target. */
export function codeGaps(repoRoot: string, exported: readonly ExportedFunction[], coverageFiles: readonly string[]): CodeGaps {
  const map = readCoverage(repoRoot, coverageFiles);
  const byFile = new Map(map.files().map((file) => [path.relative(repoRoot, file).split(path.sep).join('/'), map.fileCoverageFor(file)]));
  const packages = [...new Set(exported.map((fn) => fn.package))];
  const untestedExports: UntestedExport[] = [];
  for (const fn of exported) {
    const coverage = byFile.get(fn.file);
    if (!coverage) {
      if (coverageFiles.length > 0) untestedExports.push({ ...fn, why: 'file-not-loaded', owner: owningAgent(fn.file) });
      continue;
    }
    const data = coverage.toJSON() as { fnMap: Record<string, { decl: { start: { line: number } }; loc: { start: { line: number } } }>; f: Record<string, number> };
    const entry = Object.entries(data.fnMap).find(([, item]) => item.decl.start.line >= fn.line && item.decl.start.line <= Math.min(fn.endLine, fn.line + 2));
    if (entry && (data.f[entry[0]] ?? 0) === 0) untestedExports.push({ ...fn, why: 'never-called', owner: owningAgent(fn.file) });
  }
  const filesUnderTarget = [...byFile.entries()]
    .map(([file, coverage]) => ({ file, summary: coverage.toSummary().lines }))
    .filter(({ file, summary }) => summary.total > 0 && summary.pct < COVERAGE_TARGET && packages.some((name) => file.startsWith(`${name}/`)))
    .map(({ file, summary }) => ({ file, linesPct: summary.pct, linesCovered: summary.covered, linesTotal: summary.total, owner: owningAgent(file) }))
    .sort((a, b) => a.linesPct - b.linesPct);
  return {
    coverage: {
      files: [...coverageFiles],
      ...(coverageFiles.length === 0
        ? { note: 'no coverage from an earlier run (run `pnpm test` or `pnpm orchestrate` once): untested exports and files under target are unknown' }
        : {}),
    },
    exportedFunctions: exported.length,
    untestedExports,
    filesUnderTarget,
  };
}
