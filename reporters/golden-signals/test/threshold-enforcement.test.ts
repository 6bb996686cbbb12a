import type { MetricRecord } from '@orch/harness';
import { buildReport, loadUserCaseMatrix, type Report } from '../src';
import { SAMPLE_MATRIX } from './support/run-sample';

type Figure = Pick<MetricRecord, 'name' | 'value' | 'unit' | 'threshold' | 'pass'> & Partial<Pick<MetricRecord, 'role'>>;

/** A one-test run of the sample matrix: the test passes and records the given figures. */
function runWith(scenario: string, figures: Figure[]): Report {
  const testName = `[${scenario}] behaves as the seed says`;
  return buildReport({
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    rootDir: '/repo',
    matrix: loadUserCaseMatrix(SAMPLE_MATRIX),
    files: [{ agent: 'unit', file: '/repo/unit/a.test.js', durationMs: 5, tests: [{ name: testName, status: 'passed', durationMs: 1, failureMessages: [] }] }],
    sidecars: figures.map((figure) => ({ v: 1, kind: 'metric', testPath: '/repo/unit/a.test.js', testName, scenarios: [scenario], recordedAt: '', ...figure })),
  });
}

function verdict(report: Report, id: string): { status: string; reason?: string } {
  const scenario = report.scenarios.find((entry) => entry.id === id)!;
  return { status: scenario.status, ...(scenario.reason ? { reason: scenario.reason } : {}) };
}

describe('the reporter enforces the matrix thresholds (UNIT-01: p(95)<100 ms, INT-01: value<30 s)', () => {
  it('fails a scenario whose passing metric carries a looser statistic than the matrix', () => {
    const report = runWith('UNIT-01', [{ name: 'p90 latency', value: 40, unit: 'ms', threshold: 'p(90)<100', pass: true }]);
    expect(verdict(report, 'UNIT-01')).toEqual({ status: 'failed', reason: 'threshold looser than the matrix: measured p(90)<100 (ms), required p(95)<100 (ms)' });
  });

  it('fails a scenario whose metric has a looser bound', () => {
    const report = runWith('UNIT-01', [{ name: 'p95 latency', value: 40, unit: 'ms', threshold: 'p(95)<150', pass: true }]);
    expect(verdict(report, 'UNIT-01').status).toBe('failed');
  });

  it('validates with a stricter statistic and bound, units converted (max<0.08 s shows p(95)<100 ms)', () => {
    const report = runWith('UNIT-01', [{ name: 'slowest request', value: 0.04, unit: 's', threshold: 'max<0.08', pass: true }]);
    expect(verdict(report, 'UNIT-01')).toEqual({ status: 'validated' });
  });

  it('validates a deliberately injected breach declared as such', () => {
    const report = runWith('UNIT-02', [{ name: 'injected p95', value: 150, unit: 'ms', threshold: 'p(95)<100', pass: true, role: 'breach' }]);
    expect(verdict(report, 'UNIT-02')).toEqual({ status: 'validated' });
  });

  it('does not take a breach of a tighter threshold as a breach of the matrix one', () => {
    const report = runWith('UNIT-02', [{ name: 'injected p95', value: 70, unit: 'ms', threshold: 'p(95)<50', pass: true, role: 'breach' }]);
    expect(verdict(report, 'UNIT-02').status).toBe('failed');
  });

  it('fails a passing test that records no figure for a threshold scenario', () => {
    const report = runWith('INT-01', []);
    expect(verdict(report, 'INT-01')).toEqual({ status: 'failed', reason: 'no passing metric carries the matrix threshold value<30 (s)' });
  });

  it('accepts the worst case over several observations for a single-figure threshold (max<30 s shows value<30 s)', () => {
    const report = runWith('INT-01', [{ name: 'worst detection', value: 29, unit: 's', threshold: 'max<30', pass: true }]);
    expect(verdict(report, 'INT-01')).toEqual({ status: 'validated' });
  });

  it('does not count a metric that missed its threshold', () => {
    const report = runWith('INT-01', [{ name: 'detection', value: 31, unit: 's', threshold: 'value<30', pass: false }]);
    expect(verdict(report, 'INT-01').status).toBe('failed');
  });
});
