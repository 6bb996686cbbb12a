import { expectMetric, type SystemName } from '@orch/harness';
import type { ProbeTarget } from '../catalog/probe';
import { runFuzz } from '../fuzz/run-fuzz';
import { send } from './http-client';

/** Seed: ≥ 10,000 malformed requests per system in `full`; a bounded share keeps ci within budget. */
export const FUZZ_REQUESTS = process.env.ORCH_PROFILE === 'full' ? 10_000 : 1_000;
/** A malformed request is refused long before this; a slower answer means the input made the server work. */
const SLOW_MS = 2_000;

/**
 * Property-based fuzzing of every documented route of one system (SEC-18), on the catalog's
 * target before its rate-limit probes run (they block addresses and fill buckets).
 */
export function fuzzTest(system: SystemName, seed: number, target: () => ProbeTarget): void {
  test(`[SEC-18] ${system}: ${FUZZ_REQUESTS} generated malformed requests over every route get no 5xx, no crash, no stack trace or secret, answers within ${SLOW_MS} ms`, async () => {
    const report = await runFuzz(target(), { count: FUZZ_REQUESTS, seed, slowMs: SLOW_MS });
    const health = await send(target().baseUrl, { path: '/health' });
    const details = { seed: report.seed, byStatus: report.byStatus, violations: report.violations.slice(0, 10) };
    expectMetric({ name: `fuzz: malformed requests sent (${system})`, value: report.sent, unit: 'requests', threshold: `value>=${FUZZ_REQUESTS}`, details });
    expectMetric({ name: `fuzz: 5xx responses (${system})`, value: report.fiveXx, unit: 'responses', threshold: 'count==0', target: 'no 5xx', details });
    expectMetric({
      name: `fuzz: requests left without an answer (crash) (${system})`,
      value: report.noAnswer,
      unit: 'responses',
      threshold: 'count==0',
      target: 'no crash or restart',
      details,
    });
    expectMetric({
      name: `fuzz: bodies with a stack trace or secret (${system})`,
      value: report.leaks,
      unit: 'responses',
      threshold: 'count==0',
      target: 'no stack trace or secret in any body',
      details,
    });
    expectMetric({ name: `fuzz: response time (${system})`, samples: report.latenciesMs, unit: 'ms', threshold: `max<${SLOW_MS}`, target: 'response time bounded' });
    expect({ healthAfter: health.status }).toEqual({ healthAfter: 200 });
  }, 180_000);
}
