import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLatencyHistogram, encodeHistogram, launchChromium, recordMilliseconds } from '@orch/harness';
import {
  buildReport,
  mergeJunitFiles,
  mergeReports,
  mutationScore,
  parseCommandLine,
  stepSummary,
  STEP_SUMMARY_LIMIT,
  UsageError,
  writeReportFiles,
  type Report,
  type RunFile,
} from '../src';
import { SAMPLE_MATRIX, temporaryDirectory } from './support/run-sample';
import { loadUserCaseMatrix } from '../src';

const matrix = loadUserCaseMatrix(SAMPLE_MATRIX);
const scenarioIds = matrix.matrix.scenarios.map((scenario) => scenario.id);

function histogramOf(values: number[]): string {
  const histogram = createLatencyHistogram();
  for (const value of values) recordMilliseconds(histogram, value);
  return encodeHistogram(histogram);
}

/** A run of the sample matrix's first scenario: its test passes or fails, its latency figure given. */
function run(startedAt: string, options: { pass: boolean; p95: number; retried?: boolean }): Report {
  const id = scenarioIds[0]!;
  const files: RunFile[] = [
    {
      agent: matrix.matrix.scenarios[0]!.agent,
      file: '/repo/suites/a.test.ts',
      durationMs: 10,
      tests: [
        {
          name: `[${id}] answers in time`,
          status: options.pass ? 'passed' : 'failed',
          durationMs: 5,
          failureMessages: options.pass ? [] : ['expected 1 to be 2'],
          ...(options.retried ? { retries: 1 } : {}),
        },
      ],
    },
  ];
  const latencies = Array.from({ length: 200 }, (_, index) => (options.p95 * (index + 1)) / 190);
  const sidecars = [
    {
      v: 1,
      kind: 'metric',
      testPath: '/repo/suites/a.test.ts',
      testName: `[${id}] answers in time`,
      scenarios: [id],
      name: 'GET /health latency',
      value: options.p95,
      unit: 'ms',
      threshold: 'p(95)<100',
      pass: options.p95 < 100,
      histogram: histogramOf(latencies),
      recordedAt: startedAt,
    },
    {
      v: 1,
      kind: 'metric',
      testPath: '/repo/suites/a.test.ts',
      testName: `[${id}] answers in time`,
      scenarios: [id],
      name: 'error rate',
      value: 0.001,
      unit: 'ratio',
      threshold: 'rate<0.01',
      pass: true,
      recordedAt: startedAt,
    },
  ] as Parameters<typeof buildReport>[0]['sidecars'];
  const finishedAt = new Date(Date.parse(startedAt) + 60_000).toISOString();
  return buildReport({ startedAt, finishedAt, rootDir: '/repo', matrix, files, sidecars });
}

describe('history, HTML report, step summary', () => {
  const temp = temporaryDirectory('orch-history-');
  afterAll(() => temp.cleanup());

  it('keeps the previous report automatically and names regressions on the next run', () => {
    const out = path.join(temp.path, 'reports');
    writeReportFiles(run('2026-03-01T10:00:00.000Z', { pass: true, p95: 50 }), out, { history: true });
    const second = run('2026-03-02T10:00:00.000Z', { pass: false, p95: 90 });
    writeReportFiles(second, out, { history: true });
    expect(fs.readdirSync(path.join(out, 'history'))).toEqual(['report-2026-03-01T10-00-00-000Z.json']);
    const written = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    expect(written.history!.previous).toBe('2026-03-01T10:00:00.000Z');
    const subjects = written.history!.regressions.map((change) => `${change.kind} ${change.subject}`);
    expect(subjects).toContain(`scenario ${scenarioIds[0]}`);
    expect(subjects).toContain(`figure ${scenarioIds[0]} GET /health latency`);
    expect(written.history!.trend).toHaveLength(2);
    const markdown = fs.readFileSync(path.join(out, 'daily-report-2026-03-02.md'), 'utf8');
    expect(markdown).toContain('### Regressions');
    expect(markdown).toMatch(/GET \/health latency\*\* \(figure\): 50 ms → 90 ms/);
    // A third run that recovers is an improvement, and a small wobble is noise, not a change.
    writeReportFiles(run('2026-03-03T10:00:00.000Z', { pass: true, p95: 95 }), out, { history: true });
    const third = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    expect(third.history!.improvements.map((change) => change.subject)).toEqual([scenarioIds[0]]);
    expect(third.history!.regressions).toEqual([]);
  });

  it('reports a test that passed after a retry as flaky, never as a clean pass', () => {
    const report = run('2026-03-04T10:00:00.000Z', { pass: true, p95: 100, retried: true });
    expect(report.flaky).toEqual([expect.objectContaining({ retries: 1, scenarios: [scenarioIds[0]] })]);
    expect(mergeReports([report, run('2026-03-04T11:00:00.000Z', { pass: true, p95: 100 })]).flaky).toHaveLength(1);
  });

  it('keeps shard ids and timings through the merge', () => {
    const merged = mergeReports([
      { ...run('2026-03-05T10:00:00.000Z', { pass: true, p95: 100 }), shard: 'unit' },
      { ...run('2026-03-05T10:02:00.000Z', { pass: true, p95: 120 }), shard: 'security' },
    ]);
    expect(merged.shards!.map((shard) => [shard.id, shard.durationMs])).toEqual([
      ['unit', 60_000],
      ['security', 60_000],
    ]);
  });

  it('writes one step summary under 1 MiB with the long parts folded', () => {
    const report = run('2026-03-06T10:00:00.000Z', { pass: false, p95: 100 });
    report.bugs = Array.from({ length: 20_000 }, (_, index) => ({ ...report.bugs[0]!, test: `failing test number ${index} ${'x'.repeat(40)}` }));
    const summary = stepSummary(report);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    expect(summary).toContain('<details><summary>Failing tests (20000)</summary>');
    expect(summary).toContain('| agent | status |');
  });

  it('renders a self-contained HTML page whose charts draw in headless Chromium', async () => {
    const out = path.join(temp.path, 'html');
    const files = writeReportFiles(run('2026-03-07T10:00:00.000Z', { pass: true, p95: 180 }), out);
    const html = fs.readFileSync(files.html, 'utf8');
    expect(html).not.toMatch(/<script|<link|src="http/);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`file://${files.html}`);
      const charts = await page.$$eval('svg.chart', (nodes) =>
        nodes.map((node) => ({ title: node.querySelector('title')?.textContent, width: node.getBoundingClientRect().width, lines: node.querySelectorAll('polyline').length })),
      );
      expect(charts.map((chart) => chart.title)).toEqual(expect.arrayContaining(['Scenario status by agent', 'Latency percentiles (merged HDR histograms)']));
      expect(charts.find((chart) => chart.title?.startsWith('Latency'))!.lines).toBe(1);
      expect(charts.every((chart) => chart.width > 300)).toBe(true);
      expect(await page.$eval('table.signals caption', (node) => node.textContent)).toBe('Golden signals per service');
      const screenshot = await page.screenshot({ fullPage: true, path: path.join(out, 'report.png') });
      expect(screenshot.length).toBeGreaterThan(10_000);
      expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('prints raw HTML in test names as text, not markup', () => {
    const report = run('2026-03-08T10:00:00.000Z', { pass: false, p95: 100 });
    report.bugs[0]!.test = '<script>alert(1)</script> evil';
    const files = writeReportFiles(report, path.join(temp.path, 'escape'));
    const html = fs.readFileSync(files.html, 'utf8');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('merges JUnit files into one whose counts are the sums', () => {
    const a = path.join(temp.path, 'a.xml');
    const b = path.join(temp.path, 'b.xml');
    fs.writeFileSync(
      a,
      '<?xml version="1.0"?>\n<testsuites name="jest tests" tests="2" failures="1" errors="0" time="1.5">\n<testsuite name="x" tests="2"><testcase name="t1"/><testcase name="t2"><failure>no</failure></testcase></testsuite>\n</testsuites>',
    );
    fs.writeFileSync(
      b,
      '<?xml version="1.0"?>\n<testsuites name="jest tests" tests="1" failures="0" errors="0" time="2">\n<testsuite name="y" tests="1"><testcase name="t3"/></testsuite>\n</testsuites>',
    );
    const merged = fs.readFileSync(mergeJunitFiles([a, b, path.join(temp.path, 'missing.xml')], path.join(temp.path, 'junit.xml'))!, 'utf8');
    expect(merged).toContain('<testsuites name="jest tests" tests="3" failures="1" errors="0" time="3.5">');
    expect(merged.match(/<testcase /g)).toHaveLength(3);
  });

  it('computes the mutation score per package as Stryker does', () => {
    const score = mutationScore(
      {
        files: {
          'packages/jarvis/src/health/a.ts': { mutants: [{ status: 'Killed' }, { status: 'Killed' }, { status: 'Survived' }, { status: 'Timeout' }, { status: 'CompileError' }] },
          'packages/ai-dawg/src/audio/b.ts': { mutants: [{ status: 'NoCoverage' }, { status: 'Killed' }] },
        },
      },
      '/repo',
      'reports/mutation/mutation.json',
    );
    expect(score.packages).toEqual([
      { name: 'packages/ai-dawg', killed: 1, survived: 0, timeout: 0, noCoverage: 1, total: 2, score: 50 },
      { name: 'packages/jarvis', killed: 2, survived: 1, timeout: 1, noCoverage: 0, total: 4, score: 75 },
    ]);
  });

  it('parses both CLIs by one rule', () => {
    const options = { out: { type: 'string' }, help: { type: 'boolean' } } as const;
    expect(parseCommandLine(['--', '--out=x', 'merge', 'a'], options, true)).toMatchObject({ values: { out: 'x' }, positionals: ['merge', 'a'] });
    expect(() => parseCommandLine(['--bogus'], options)).toThrow(new UsageError('unknown option --bogus'));
    expect(() => parseCommandLine(['--out'], options)).toThrow('--out needs a value');
    expect(() => parseCommandLine(['stray'], options)).toThrow('unexpected argument stray');
  });
});
