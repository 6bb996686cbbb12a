import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSample, temporaryDirectory } from './support/run-sample';

/** Only the passing UNIT-01 test runs, so Jest's own verdict is exit code 0. */
const PASSING_ONLY = ['--selectProjects', 'unit', '-t', 'UNIT-01'];

describe('reporter failures never change Jest’s exit code', () => {
  const temp = temporaryDirectory('golden-signals-crash-');
  afterAll(() => temp.cleanup());

  it('contains a crash inside the reporter: error printed, reporter-error.txt and report.json written, exit code kept', async () => {
    const [baseline, crashed] = await Promise.all([runSample(temp.path, 'baseline', PASSING_ONLY), runSample(temp.path, 'crashed', PASSING_ONLY, { SAMPLE_SIMULATE_CRASH: '1' })]);
    expect(baseline.exitCode).toBe(0);
    expect(crashed.exitCode).toBe(0);
    expect(crashed.stderr).toContain('golden-signals reporter crashed: Error: simulated reporter crash (simulateCrash option)');
    expect(fs.readFileSync(path.join(crashed.reportsDirectory, 'reporter-error.txt'), 'utf8')).toContain('simulated reporter crash');
    const report = crashed.report();
    expect(report.version).toBe(1);
    expect(report.errors).toEqual([expect.stringContaining('golden-signals reporter crashed: Error: simulated reporter crash')]);
    expect(report.totals.passed).toBe(1);
  }, 30_000);

  it('writes the report with the error when the matrix path cannot be read', async () => {
    const unreadable = path.join(temp.path, 'matrix-is-a-directory');
    fs.mkdirSync(unreadable);
    const result = await runSample(temp.path, 'unreadable', PASSING_ONLY, { SAMPLE_MATRIX_OPTION: unreadable });
    expect(result.exitCode).toBe(0);
    const report = result.report();
    expect(report.errors).toEqual([`user-case matrix ${unreadable}: cannot be read (EISDIR)`]);
    expect(report.matrix.error).toContain('EISDIR');
    // Without a matrix the scenarios named by tests are still reported.
    expect(report.scenarios.find((scenario) => scenario.id === 'UNIT-01')).toMatchObject({ status: 'validated', inMatrix: false });
    expect(result.markdown()).toContain(`- user-case matrix ${unreadable}: cannot be read (EISDIR)`);
  }, 30_000);
});
