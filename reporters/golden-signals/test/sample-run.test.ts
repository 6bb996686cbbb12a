import * as path from 'node:path';
import { mergeReports, writeReportFiles, type Report } from '../src';
import { NOT_MEASURED_WITH_REASON, normalise, PLACEHOLDER_PATTERN, runSample, temporaryDirectory, type SampleRun } from './support/run-sample';

/**
 * End to end: real Jest runs the sample project (two projects, passing, failing, skipped with and
 * without a recorded reason, a crashed file, recorded metrics) with the reporter registered, once
 * whole and once in two shards.
 */
describe('golden-signals reporter on a real Jest run', () => {
  const temp = temporaryDirectory('golden-signals-e2e-');
  let direct: SampleRun;
  let shards: SampleRun[];

  beforeAll(async () => {
    const services = {
      v: 1,
      reapedOrphans: 0,
      services: [
        { name: 'postgres', provider: 'local', connection: { url: 'postgres://127.0.0.1:5999/postgres' }, readyMs: 812, details: { version: '15.14' } },
        { name: 's3', provider: 'env', connection: { url: 'http://127.0.0.1:9000' }, readyMs: 3, details: {} },
      ],
    };
    [direct, ...shards] = await Promise.all([
      runSample(temp.path, 'direct', [], {}, services),
      runSample(temp.path, 'shard-1', ['--shard=1/2']),
      runSample(temp.path, 'shard-2', ['--shard=2/2']),
    ]);
  }, 60_000);

  afterAll(() => temp.cleanup());

  it('leaves Jest failing because the sample has failing tests, and writes report.json, markdown and HTML', () => {
    expect(direct.exitCode).toBe(1);
    const report = direct.report();
    expect(report.version).toBe(1);
    expect(report.profile).toBe('ci');
    expect(Date.parse(report.finishedAt)).toBeGreaterThanOrEqual(Date.parse(report.startedAt));
    expect(report.machine.cpus).toBeGreaterThan(0);
    expect(direct.markdown()).toMatch(/^# Test Report - \d{4}-\d{2}-\d{2}\n/);
    expect(direct.html()).toContain('<h1>Test Report - ');
  });

  it('shows each service’s provider and readiness from services.json, without its connection URL', () => {
    expect(direct.report().services).toEqual([
      { name: 'postgres', provider: 'local', readyMs: 812, details: { version: '15.14' } },
      { name: 's3', provider: 'env', readyMs: 3, details: {} },
    ]);
    expect(direct.markdown()).toContain('- **postgres**: local provider, ready in 812 ms (version: 15.14)\n- **s3**: env provider, ready in 3 ms');
    expect(shards[0]!.markdown()).toContain('- not measured in this run: no services.json in the run directory');
  });

  it('counts tests per agent, with a crashed test file counted as a failed test', () => {
    const report = direct.report();
    expect(report.totals).toEqual({ tests: 7, passed: 3, failed: 2, skipped: 2, scenarios: { validated: 2, failed: 3, notRun: 2, notCovered: 2, total: 9 } });
    const byName = Object.fromEntries(report.agents.map((agent) => [agent.name, agent]));
    expect(byName.unit).toMatchObject({
      ran: true,
      tests: 3,
      passed: 1,
      failed: 1,
      skipped: 1,
      status: 'failed',
      scenarios: { validated: 1, failed: 1, notRun: 1, notCovered: 1 },
    });
    expect(byName.integration).toMatchObject({ ran: true, files: 2, tests: 4, passed: 2, failed: 1, skipped: 1, status: 'failed' });
    expect(byName.integration!.error).toContain("Cannot find module './module-that-does-not-exist'");
    expect(byName.security).toMatchObject({ ran: false, tests: 0, status: 'not-run' });
    // A selected project with no test file ran, and names nothing: its scenarios are not covered.
    expect(byName['edge-cases']).toMatchObject({ ran: true, files: 0, tests: 0 });
    expect(report.scenarios.find((scenario) => scenario.id === 'EDGE-01')).toMatchObject({ status: 'not-covered' });
  });

  it('derives each scenario status from its tests, sidecar metrics and not-run records', () => {
    const scenarios = Object.fromEntries(direct.report().scenarios.map((scenario) => [scenario.id, scenario]));
    expect(scenarios['UNIT-01']).toMatchObject({ status: 'validated', metrics: [{ name: 'p95 latency', value: 12.5, unit: 'ms', threshold: 'p(95)<100', pass: true }] });
    expect(scenarios['UNIT-01']!.tests).toEqual([
      { name: 'health aggregator [UNIT-01] reports every service healthy', file: 'unit/golden-signals.test.js', status: 'passed', durationMs: expect.any(Number) },
    ]);
    expect(scenarios['UNIT-02']).toMatchObject({ status: 'failed' });
    expect(scenarios['UNIT-02']!.reason).toContain('expect(received).toBeLessThan(expected)');
    expect(scenarios['UNIT-03']).toMatchObject({ status: 'not-run', reason: 'needs a load generator on a second machine' });
    expect(scenarios['UNIT-04']).toMatchObject({ status: 'not-covered', reason: 'no test in this run names this scenario', tests: [] });
    expect(scenarios['INT-01']).toMatchObject({ status: 'validated', metrics: [{ name: 'detection time', value: 12, unit: 's' }] });
    expect(scenarios['INT-02']).toMatchObject({ status: 'not-run', reason: 'its tests were skipped without a recorded reason' });
    // A passing test whose recorded figure missed its threshold still fails the scenario.
    expect(scenarios['INT-03']).toMatchObject({ status: 'failed' });
    expect(scenarios['INT-03']!.reason).toContain('metric "recovery time" missed its threshold value<300 (observed 420 s)');
    // The crashed file names INT-04 in its source: the crash is blamed on it.
    expect(scenarios['INT-04']).toMatchObject({ status: 'failed', tests: [expect.objectContaining({ name: 'broken-file.test.js (test file crashed)', status: 'failed' })] });
    expect(scenarios['INT-99']).toMatchObject({ inMatrix: false });
    expect(direct.report().warnings).toContain('test "health monitoring flow [INT-03, INT-99] restarts the backend" names INT-99, which the user-case matrix does not list');
  });

  it('lists failed tests as bugs, high severity for unit and integration failures', () => {
    expect(direct.report().bugs.map((bug) => [bug.severity, bug.scenario, bug.agent])).toEqual([
      ['high', 'UNIT-02', 'unit'],
      ['high', 'INT-04', 'integration'],
    ]);
  });

  it('prints the thresholds k6 style', () => {
    expect(direct.stderr).toContain('✓ p(95)<100 (observed 12.5 ms)  UNIT-01 p95 latency');
    expect(direct.stderr).toContain('✗ value<300 (observed 420 s)  INT-03 recovery time');
  });

  it('fills the seed template section by section with this run’s figures', () => {
    const markdown = direct.markdown();
    const sections = markdown
      .split('\n')
      .filter((line) => line.startsWith('## '))
      .map((line) => line.slice(3));
    expect(sections).toEqual([
      'Executive Summary',
      'Real-World Workflows Validated',
      'Metrics',
      'Agent Results',
      'Critical Issues',
      'Recommendations (Prioritized)',
      'Real-World Validation Summary',
      'Next 24 Hours',
      // After the seed's template: what a team reads every morning besides it.
      'Changes since the previous run',
      'Flaky tests',
      'Mutation score',
      'Toolkit self-tests',
      'Warnings',
    ]);
    for (let agent = 1; agent <= 7; agent += 1) expect(markdown).toMatch(new RegExp(`^### Agent ${agent}: `, 'm'));
    expect(markdown).toContain('System achieves 60% pass rate (3 of 5 executed tests; 2 skipped tests are not counted as passed)');
    expect(markdown).toContain('- **Total Tests**: 7');
    expect(markdown).toContain('  - Health check: 12 s (target: <30s) ✅ — INT-01 “detection time” value<30');
    expect(markdown).toContain('- ❌ **Four Golden Signals Monitoring**: Latency, traffic, errors, saturation — 1/5 scenarios validated');
    expect(markdown).toContain('**Test Duration**:');
    expect(markdown).toContain('**packages/jarvis**: not measured in this run — coverage collection was off in this run');
  });

  it('leaves no template placeholder, and every figure not measured says why', () => {
    for (const run of [direct, ...shards]) {
      const markdown = run.markdown();
      expect(markdown).not.toMatch(PLACEHOLDER_PATTERN);
      // The reason follows as `— why`, `: why`, or `(why)`; a bare `(target: ...)` is not a reason.
      const unexplained = markdown.split('\n').filter((line) => line.includes('not measured in this run') && !NOT_MEASURED_WITH_REASON.test(line));
      expect(unexplained).toEqual([]);
    }
    expect(direct.markdown()).toContain('Project creation: not measured in this run (target: <500ms) — INT-05 not in the user-case matrix');
    expect(direct.markdown()).toContain('Vulnerabilities scanned: not measured in this run — the security agent did not run in this run');
  });

  it('merges the two shard reports into the direct run’s counts and scenario statuses', () => {
    for (const shard of shards) expect(shard.report().agents.reduce((sum, agent) => sum + agent.files, 0)).toBeGreaterThan(0);
    const merged = mergeReports(shards.map((shard) => shard.report()));
    expect(merged.mergedFrom).toBe(2);
    expect(normalise(merged)).toEqual(normalise(direct.report()));
    const written = writeReportFiles(merged, path.join(temp.path, 'merged'));
    expect(written.markdown).toMatch(/daily-report-\d{4}-\d{2}-\d{2}\.md$/);
  });

  it('gives shards that miss an agent not-run scenarios rather than not-covered ones', () => {
    const partial = shards.map((shard) => shard.report()).find((report: Report) => report.agents.some((agent) => agent.name === 'unit' && !agent.ran));
    if (!partial) return expect(shards.every((shard) => shard.report().agents.find((agent) => agent.name === 'unit')!.ran)).toBe(true);
    expect(partial.scenarios.find((scenario) => scenario.id === 'UNIT-04')).toMatchObject({ status: 'not-run', reason: 'the unit agent did not run in this run' });
  });
});
