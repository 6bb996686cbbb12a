import { createLatencyHistogram, encodeHistogram, percentileMs, recordMilliseconds } from '@orch/harness';
import { buildReport, loadUserCaseMatrix, mergeReports, type Report } from '../src';
import { SAMPLE_MATRIX } from './support/run-sample';

/** A deterministic, skewed latency sample (a long tail), like a real load test's. */
function samples(seed: number, count: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const uniform = state / 2 ** 31;
    return 2 + 40 * uniform ** 6;
  });
}

function histogramOf(values: number[]): ReturnType<typeof createLatencyHistogram> {
  const histogram = createLatencyHistogram();
  for (const value of values) recordMilliseconds(histogram, value);
  return histogram;
}

/** One shard's report: a passing UNIT-01 test that recorded its p95 with the histogram. */
function shardReport(values: number[], file: string): Report {
  const histogram = histogramOf(values);
  const testName = `shard ${file} [UNIT-01] keeps p95 under 100 ms`;
  return buildReport({
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:10.000Z',
    rootDir: '/repo',
    matrix: loadUserCaseMatrix(SAMPLE_MATRIX),
    files: [{ agent: 'unit', file: `/repo/${file}`, durationMs: 10, tests: [{ name: testName, status: 'passed', durationMs: 5, failureMessages: [] }] }],
    sidecars: [
      {
        v: 1,
        kind: 'metric',
        testPath: `/repo/${file}`,
        testName,
        scenarios: ['UNIT-01'],
        name: 'p95 latency',
        value: percentileMs(histogram, 95),
        unit: 'ms',
        threshold: 'p(95)<100',
        pass: true,
        histogram: encodeHistogram(histogram),
        recordedAt: '2026-01-01T00:00:05.000Z',
      },
    ],
  });
}

describe('histogram merge of shard reports', () => {
  it('gives the percentile of one histogram of all samples, not an average of shard percentiles', () => {
    const fast = samples(7, 4000);
    const slow = samples(11, 1000).map((value) => value * 3);
    const merged = mergeReports([shardReport(fast, 'a.test.js'), shardReport(slow, 'b.test.js')]);
    const metric = merged.scenarios.find((scenario) => scenario.id === 'UNIT-01')!.metrics;
    expect(metric).toHaveLength(1);
    const all = histogramOf([...fast, ...slow]);
    expect(metric[0]!.value).toBe(percentileMs(all, 95));
    expect(metric[0]!.sources).toBe(2);
    expect(metric[0]!.pass).toBe(true);
    const averaged = (percentileMs(histogramOf(fast), 95) + percentileMs(histogramOf(slow), 95)) / 2;
    expect(metric[0]!.value).not.toBeCloseTo(averaged, 1);
  });

  it('recomputes pass from the merged value when the merged percentile misses the threshold', () => {
    const merged = mergeReports([
      shardReport(samples(3, 100), 'a.test.js'),
      shardReport(
        samples(5, 900).map((value) => value * 10),
        'b.test.js',
      ),
    ]);
    const scenario = merged.scenarios.find((entry) => entry.id === 'UNIT-01')!;
    expect(scenario.metrics[0]!.value).toBeGreaterThan(100);
    expect(scenario.metrics[0]!.pass).toBe(false);
    expect(scenario.status).toBe('failed');
    expect(scenario.reason).toContain('metric "p95 latency" missed its threshold p(95)<100');
  });
});
