import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MutationSection } from '../report/report-types';

/** Where `pnpm mutate` leaves the score per package, relative to the reports directory. */
export const MUTATION_SCORE_FILE = path.join('mutation', 'mutation-score.json');

interface StrykerReport {
  files: Record<string, { mutants: Array<{ status: string }> }>;
}

const PACKAGE = /^(packages\/[^/]+)\//;

/**
 * Stryker's JSON report (mutation-testing-report-schema) reduced to a score per package:
 * (killed + timed out) / (killed + timed out + survived + no coverage), as Stryker computes it;
 * compile and runtime errors and ignored mutants do not count.
 */
export function mutationScore(report: StrykerReport, repoRoot: string, source: string): MutationSection {
  const counts = new Map<string, { killed: number; survived: number; timeout: number; noCoverage: number }>();
  for (const [file, entry] of Object.entries(report.files ?? {})) {
    const relative = (path.isAbsolute(file) ? path.relative(repoRoot, file) : file).split(path.sep).join('/');
    const name = PACKAGE.exec(relative)?.[1] ?? 'other';
    const count = counts.get(name) ?? { killed: 0, survived: 0, timeout: 0, noCoverage: 0 };
    for (const mutant of entry.mutants) {
      if (mutant.status === 'Killed') count.killed += 1;
      else if (mutant.status === 'Survived') count.survived += 1;
      else if (mutant.status === 'Timeout') count.timeout += 1;
      else if (mutant.status === 'NoCoverage') count.noCoverage += 1;
    }
    counts.set(name, count);
  }
  const packages = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => {
      const total = count.killed + count.survived + count.timeout + count.noCoverage;
      return { name, ...count, total, score: total === 0 ? null : Math.round(((count.killed + count.timeout) / total) * 1000) / 10 };
    });
  return { source, packages };
}

/** The last `pnpm mutate` score beside the report, with its date, or undefined when never run. */
export function readMutationScore(reportsDirectory: string): MutationSection | undefined {
  const file = path.join(reportsDirectory, MUTATION_SCORE_FILE);
  try {
    const section = JSON.parse(fs.readFileSync(file, 'utf8')) as MutationSection;
    const measured = fs.statSync(file).mtime.toISOString();
    return { ...section, note: `from \`pnpm mutate\` of ${measured} (full profile; the unit suite against the systems' cores)` };
  } catch {
    return undefined;
  }
}
