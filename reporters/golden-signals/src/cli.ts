import * as path from 'node:path';
import { findReportFiles } from './report/find-report-files';
import { attachMergedCoverage } from './report/attach-coverage';
import { mergeReports } from './report/merge-reports';
import { readReport } from './report/read-report';
import { writeReportFiles } from './render/write-report-files';

const USAGE = 'usage: report-merge merge [--out <dir>] <report dir or report.json>...';

/** `pnpm report:merge --out reports/merged <dirs or files>`: merges shard/agent reports into one. */
export function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  if (command !== 'merge') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let out = path.resolve('reports', 'merged');
  const inputs: string[] = [];
  for (let index = 0; index < rest.length; index += 1) {
    const argument = rest[index]!;
    if (argument === '--out') {
      const value = rest[index + 1];
      if (!value) {
        process.stderr.write(`--out needs a directory\n${USAGE}\n`);
        return 2;
      }
      out = path.resolve(value);
      index += 1;
    } else inputs.push(argument);
  }
  if (inputs.length === 0) {
    process.stderr.write(`no input given\n${USAGE}\n`);
    return 2;
  }
  try {
    const files = findReportFiles(inputs, [out]);
    if (files.length === 0) {
      process.stderr.write(`no report.json found under ${inputs.join(', ')}\n`);
      return 1;
    }
    const merged = attachMergedCoverage(mergeReports(files.map((file) => readReport(file))), files, process.cwd());
    const written = writeReportFiles(merged, out);
    const counts = merged.totals.scenarios;
    process.stdout.write(
      `merged ${files.length} reports: ${merged.totals.tests} tests (${merged.totals.passed} passed, ${merged.totals.failed} failed, ${merged.totals.skipped} skipped); ` +
        `scenarios ${counts.validated} validated, ${counts.failed} failed, ${counts.notRun} not run, ${counts.notCovered} not covered\n` +
        `${written.json}\n${written.markdown}\n${written.html}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`report merge failed: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
