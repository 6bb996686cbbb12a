import * as fs from 'node:fs';
import * as path from 'node:path';
import { stepSummary } from './render/step-summary';
import { mergeJunitFiles } from './report/merge-junit';
import { parseCommandLine, UsageError } from './cli/parse-command-line';
import { findReportFiles } from './report/find-report-files';
import { attachMergedCoverage } from './report/attach-coverage';
import { mergeReports } from './report/merge-reports';
import { readReport } from './report/read-report';
import { writeReportFiles } from './render/write-report-files';

const USAGE = 'usage: report-merge merge [--out <dir>] [--step-summary <file>] <report dir or report.json>...';

/** `pnpm report:merge --out reports/merged <dirs or files>`: merges shard/agent reports into one. */
export function main(argv: readonly string[]): number {
  let out: string;
  let inputs: string[];
  let summaryFile: string | undefined;
  try {
    const { values, positionals } = parseCommandLine(argv, { out: { type: 'string' }, 'step-summary': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (command !== 'merge') throw new UsageError(command ? `unknown command ${command}` : 'no command given');
    if (rest.length === 0) throw new UsageError('no input given');
    out = path.resolve(values.out ?? path.join('reports', 'merged'));
    inputs = rest;
    summaryFile = values['step-summary'];
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
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
    // One JUnit file of every shard beside the merged report (the checks tab reads the shards' own).
    const junit = mergeJunitFiles(
      files.map((file) => path.join(path.dirname(file), 'junit.xml')),
      path.join(out, 'junit.xml'),
    );
    if (summaryFile) fs.appendFileSync(summaryFile, stepSummary(merged));
    const counts = merged.totals.scenarios;
    process.stdout.write(
      `merged ${files.length} reports: ${merged.totals.tests} tests (${merged.totals.passed} passed, ${merged.totals.failed} failed, ${merged.totals.skipped} skipped); ` +
        `scenarios ${counts.validated} validated, ${counts.failed} failed, ${counts.notRun} not run, ${counts.notCovered} not covered\n` +
        `${[written.json, written.markdown, written.html, junit, summaryFile].filter(Boolean).join('\n')}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`report merge failed: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
