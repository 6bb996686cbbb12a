import * as fs from 'node:fs';
import * as path from 'node:path';
import { COVERAGE_FINAL_FILE, coverageFromFinalFiles } from '../inputs/package-coverage';
import { writeReportFiles } from '../render/write-report-files';
import { readReport } from './read-report';
import type { CoverageSection, Report } from './report-types';

/**
 * Jest runs its coverage reporter after every custom reporter, so the golden-signals reporter
 * cannot see the run's final coverage in onRunComplete. Global teardown runs after it: there the
 * report is completed with the coverage Jest just wrote (untested files included) and re-rendered.
 */
export function attachCoverage(outputDirectory: string, rootDir: string, coverageDirectory = path.join(outputDirectory, 'coverage')): CoverageSection | undefined {
  const reportFile = path.join(outputDirectory, 'report.json');
  if (!fs.existsSync(reportFile)) return undefined;
  const coverage = coverageFromFinalFiles([path.join(coverageDirectory, 'coverage-final.json')], rootDir);
  if (!coverage) return undefined;
  const report = readReport(reportFile);
  report.coverage = coverage;
  writeReportFiles(report, outputDirectory);
  return coverage;
}

/** After a merge: the exact union of the coverage maps that sit beside the merged report files. */
export function attachMergedCoverage(report: Report, reportFiles: readonly string[], rootDir: string): Report {
  const finals = reportFiles.map((file) => path.join(path.dirname(file), COVERAGE_FINAL_FILE)).filter((file) => fs.existsSync(file));
  const coverage = coverageFromFinalFiles(finals, rootDir);
  return coverage ? { ...report, coverage } : report;
}

/** One line per package for the console, e.g. `packages/jarvis 98.7% ✓ (target 80%)`. */
export function describeCoverage(coverage: CoverageSection): string {
  return coverage.packages
    .map((item) => `${item.name} ${item.linesPct === null ? 'not measured' : `${item.linesPct}%`} ${item.pass ? '✓' : '✗'} (target ${item.target}%)`)
    .join(', ');
}
