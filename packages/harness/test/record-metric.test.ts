import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expectMetric, parseScenarioIds, readSidecarRecords, recordMetric, recordNotRun } from '../src';

describe('metric sidecars', () => {
  let directory: string;
  let previous: string | undefined;

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-sidecar-test-'));
    previous = process.env.ORCH_RUN_DIR;
    process.env.ORCH_RUN_DIR = directory;
  });

  afterEach(() => {
    if (previous === undefined) delete process.env.ORCH_RUN_DIR;
    else process.env.ORCH_RUN_DIR = previous;
    fs.rmSync(directory, { recursive: true, force: true });
  });

  // Toolkit titles name no real scenario, so the title-derived default is checked in the reporter's fixture run.
  it('keys a recorded figure by test file, test name and scenario', () => {
    const record = recordMetric({ scenario: 'UNIT-01', name: 'p95 latency', samples: [12], unit: 'ms', threshold: 'p(95)<100', target: '<100ms' });
    expect(record.pass).toBe(true);
    const [read] = readSidecarRecords(directory);
    expect(read).toMatchObject({
      kind: 'metric',
      testPath: __filename,
      testName: 'metric sidecars keys a recorded figure by test file, test name and scenario',
      scenarios: ['UNIT-01'],
      value: 12,
      pass: true,
    });
  });

  it('fails through expectMetric when the target is missed, after recording the figure', () => {
    expect(() => expectMetric({ scenario: 'PERF-01', name: 'p95 latency', samples: [150], unit: 'ms', threshold: 'p(95)<100', target: '<100ms' })).toThrow(
      'p95 latency: ✗ p(95)<100 (observed 150 ms) — seed target: <100ms',
    );
    expect(readSidecarRecords(directory)).toEqual([expect.objectContaining({ scenarios: ['PERF-01'], pass: false })]);
  });

  it('computes a distribution statistic itself and refuses a bare number for it', () => {
    expect(() => recordMetric({ scenario: 'UNIT-01', name: 'p95 latency', value: 12, unit: 'ms', threshold: 'p(95)<100' })).toThrow(
      'p95 latency: p(95)<100 is a statistic of a distribution: pass samples or a histogram, not a bare value',
    );
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(recordMetric({ scenario: 'UNIT-01', name: 'p95', samples, unit: 'ms', threshold: 'p(95)<100' }).value).toBe(95);
    expect(recordMetric({ scenario: 'INT-12', name: 'max', samples, unit: 'ms', threshold: 'max<100' })).toMatchObject({ value: 100, pass: false });
    const cents = recordMetric({ scenario: 'INT-13', name: 'pitch error', samples: [1, 2, 3, 20], unit: 'cents', threshold: 'p(50)<15' });
    expect(cents).toMatchObject({ value: 2, pass: true, samples: [1, 2, 3, 20] });
  });

  it('passes a declared breach only when the threshold is violated as injected', () => {
    expect(expectMetric({ scenario: 'UNIT-02', name: 'injected p95', samples: [150, 150], unit: 'ms', threshold: 'p(95)<100', role: 'breach' })).toMatchObject({
      pass: true,
      role: 'breach',
    });
    expect(() => expectMetric({ scenario: 'UNIT-02', name: 'injected p95', samples: [50], unit: 'ms', threshold: 'p(95)<100', role: 'breach' })).toThrow(
      'injected p95: expected the injected breach of p(95)<100, but it held: ✓ p(95)<100 (observed 50 ms)',
    );
  });

  it('records why a scenario was not run', () => {
    recordNotRun('[CLOUD-01] deploys to ECS Fargate', 'no AWS credentials in this environment');
    expect(readSidecarRecords(directory)).toEqual([expect.objectContaining({ kind: 'not-run', scenarios: ['CLOUD-01'], reason: 'no AWS credentials in this environment' })]);
  });

  it('drops a line cut short by a killed worker instead of failing the whole read', () => {
    recordMetric({ scenario: 'INT-01', name: 'detection', value: 3, unit: 's' });
    const file = fs.readdirSync(path.join(directory, 'metrics'))[0]!;
    fs.appendFileSync(path.join(directory, 'metrics', file), '{"v":1,"kind":"met');
    expect(readSidecarRecords(directory)).toHaveLength(1);
  });

  it('parses every scenario ID of a title once', () => {
    expect(parseScenarioIds('[INT-01, INT-02] flow [INT-01] SEC-7 PERF-10')).toEqual(['INT-01', 'INT-02', 'PERF-10']);
  });
});
