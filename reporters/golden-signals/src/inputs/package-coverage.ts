import * as fs from 'node:fs';
import * as path from 'node:path';
import { COVERAGE_TARGET_PERCENT, COVERED_PACKAGES } from '@orch/harness';
import type { CoveragePackage, CoverageSection } from '../report/report-types';

/** The harness defines the covered packages and the seed's target once; the reporter's names for them. */
export const COVERAGE_TARGET = COVERAGE_TARGET_PERCENT;
export const COVERAGE_PACKAGES: readonly string[] = COVERED_PACKAGES;

interface LineCounts {
  total: number;
  covered: number;
}

/** The subset of istanbul's CoverageMap the reporter uses (Jest puts one on aggregatedResults). */
export interface CoverageMapLike {
  files(): string[];
  fileCoverageFor(file: string): { toSummary(): { lines: LineCounts } };
}

function packageOf(file: string, rootDir: string, packages: readonly string[]): string | undefined {
  const relative = path.relative(rootDir, file).split(path.sep).join('/');
  return packages.find((name) => relative === name || relative.startsWith(`${name}/`));
}

function toSection(counts: Map<string, LineCounts>, packages: readonly string[], source: string): CoverageSection {
  return {
    source,
    packages: packages.map((name): CoveragePackage => {
      const count = counts.get(name);
      if (!count || count.total === 0) {
        return { name, linesPct: null, linesCovered: 0, linesTotal: 0, target: COVERAGE_TARGET, pass: false, note: 'no file of this package was in the coverage data' };
      }
      const linesPct = Math.round((count.covered / count.total) * 10000) / 100;
      return { name, linesPct, linesCovered: count.covered, linesTotal: count.total, target: COVERAGE_TARGET, pass: linesPct >= COVERAGE_TARGET };
    }),
  };
}

function add(counts: Map<string, LineCounts>, name: string, lines: LineCounts): void {
  const current = counts.get(name) ?? { total: 0, covered: 0 };
  current.total += lines.total;
  current.covered += lines.covered;
  counts.set(name, current);
}

/** Per-package line coverage from the coverage map Jest hands to reporters. */
export function coverageFromMap(map: CoverageMapLike, rootDir: string, packages: readonly string[] = COVERAGE_PACKAGES): CoverageSection {
  const counts = new Map<string, LineCounts>();
  for (const file of map.files()) {
    const name = packageOf(file, rootDir, packages);
    if (name) add(counts, name, map.fileCoverageFor(file).toSummary().lines);
  }
  return toSection(counts, packages, 'coverage-map');
}

/** Per-package line coverage from Istanbul's json-summary (`coverage-summary.json`). */
export function coverageFromSummaryFile(file: string, rootDir: string, packages: readonly string[] = COVERAGE_PACKAGES): CoverageSection | undefined {
  let summary: Record<string, { lines?: LineCounts }>;
  try {
    summary = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { lines?: LineCounts }>;
  } catch {
    return undefined;
  }
  const counts = new Map<string, LineCounts>();
  for (const [key, value] of Object.entries(summary)) {
    if (key === 'total' || !value.lines) continue;
    const name = packageOf(path.resolve(rootDir, key), rootDir, packages);
    if (name) add(counts, name, value.lines);
  }
  return toSection(counts, packages, 'json-summary');
}

export function coverageNotCollected(reason: string, packages: readonly string[] = COVERAGE_PACKAGES): CoverageSection {
  return {
    source: 'not-collected',
    note: reason,
    packages: packages.map((name) => ({ name, linesPct: null, linesCovered: 0, linesTotal: 0, target: COVERAGE_TARGET, pass: false, note: reason })),
  };
}

/** Istanbul's per-file coverage written by Jest's `json` coverage reporter. */
export const COVERAGE_FINAL_FILE = path.join('coverage', 'coverage-final.json');

/**
 * Exact per-package line coverage over several runs: the union of their Istanbul maps, so a
 * line hit by any run counts once. This is how shards and agents are combined; summing or
 * taking the best percentage would be wrong.
 */
export function coverageFromFinalFiles(files: readonly string[], rootDir: string, packages: readonly string[] = COVERAGE_PACKAGES): CoverageSection | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createCoverageMap } = require('istanbul-lib-coverage') as typeof import('istanbul-lib-coverage');
  const map = createCoverageMap({});
  let read = 0;
  for (const file of files) {
    try {
      map.merge(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, never>);
      read += 1;
    } catch {
      // A missing or unreadable shard file leaves the union to the others; `note` says how many.
    }
  }
  if (read === 0) return undefined;
  const section = coverageFromMap(map, rootDir, packages);
  return { ...section, source: 'coverage-final', ...(read > 1 ? { note: `union of ${read} runs' coverage maps` } : {}) };
}
