import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildReport, crashedAgentReport, loadUserCaseMatrix, writeReportFiles } from '../src';
import { main } from '../src/cli';
import { SAMPLE_MATRIX, temporaryDirectory } from './support/run-sample';

describe('report:merge CLI', () => {
  const temp = temporaryDirectory('golden-signals-cli-');
  let stdout: jest.SpiedFunction<typeof process.stdout.write>;
  let stderr: jest.SpiedFunction<typeof process.stderr.write>;

  beforeEach(() => {
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => temp.cleanup());

  it('finds every report.json under the given folders and writes the merged report', () => {
    const matrix = loadUserCaseMatrix(SAMPLE_MATRIX);
    const unit = buildReport({
      startedAt: '2026-03-01T08:00:00.000Z',
      finishedAt: '2026-03-01T08:01:00.000Z',
      rootDir: '/repo',
      matrix,
      files: [{ agent: 'unit', file: '/repo/u.test.js', durationMs: 5, tests: [{ name: '[UNIT-01] healthy', status: 'passed', durationMs: 2, failureMessages: [] }] }],
      sidecars: [],
    });
    writeReportFiles(unit, path.join(temp.path, 'artifacts', 'unit'));
    writeReportFiles(crashedAgentReport('integration', 'out of memory', { matrix, at: new Date('2026-03-01T08:02:00.000Z') }), path.join(temp.path, 'artifacts', 'integration'));
    const out = path.join(temp.path, 'artifacts', 'merged');
    expect(main(['merge', '--out', out, path.join(temp.path, 'artifacts')])).toBe(0);
    const merged = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(merged.mergedFrom).toBe(2);
    expect(merged.durationMs).toBe(120_000);
    expect(merged.agents.find((agent: { name: string }) => agent.name === 'integration').status).toBe('crashed');
    expect(fs.existsSync(path.join(out, 'daily-report-2026-03-01.md'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'daily-report-2026-03-01.html'))).toBe(true);
    expect(stdout.mock.calls.join('')).toContain('merged 2 reports: 1 tests (1 passed, 0 failed, 0 skipped)');
    // Running again does not merge its own output into itself.
    expect(main(['merge', '--out', out, path.join(temp.path, 'artifacts')])).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')).mergedFrom).toBe(2);
  });

  it('fails with a clear message on a report of another version and on bad usage', () => {
    const file = path.join(temp.path, 'old', 'report.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ version: 0 }));
    expect(main(['merge', '--out', path.join(temp.path, 'x'), file])).toBe(1);
    expect(stderr.mock.calls.join('')).toContain(`report merge failed: report ${file}: has version 0; expected 1`);
    expect(main(['combine'])).toBe(2);
    expect(main(['merge', '--out'])).toBe(2);
  });
});
