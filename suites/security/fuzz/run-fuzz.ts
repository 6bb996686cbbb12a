import fc from 'fast-check';
import type { ProbeTarget } from '../catalog/probe';
import { secretIn, stackTraceIn } from '../catalog/probes/probe-helpers';
import { SYSTEM_ROUTES } from '../catalog/system-routes';
import { freshClientAddress, send } from '../support/http-client';
import { requestArbitrary, type FuzzRequest } from './request-arbitrary';

export interface FuzzViolation {
  kind: '5xx' | 'no-answer' | 'stack-trace' | 'secret' | 'slow';
  request: FuzzRequest;
  detail: string;
}

export interface FuzzReport {
  seed: number;
  sent: number;
  fiveXx: number;
  noAnswer: number;
  leaks: number;
  slow: number;
  latenciesMs: number[];
  byStatus: Record<string, number>;
  violations: FuzzViolation[];
}

/**
 * Sends `count` generated malformed requests (fast-check, fixed seed so a failure replays) to
 * every documented route of the target, `concurrency` at a time, and checks each answer: no 5xx,
 * always an answer (no crash), no stack trace or secret in the body, answered within `slowMs`.
 */
export async function runFuzz(
  target: ProbeTarget,
  options: { count: number; seed: number; concurrency?: number; slowMs: number; requestsPerClient?: number },
): Promise<FuzzReport> {
  const authorization = (await target.authHeaders('user')).authorization ?? '';
  const secrets = [target.jwtSecret, ...Object.values(target.sessionLogin ?? {})].filter((value): value is string => Boolean(value));
  const requests = fc.sample(
    requestArbitrary(
      SYSTEM_ROUTES[target.system].filter((route) => !route.path.endsWith('/logout')),
      authorization,
    ),
    { numRuns: options.count, seed: options.seed },
  );
  const report: FuzzReport = { seed: options.seed, sent: 0, fiveXx: 0, noAnswer: 0, leaks: 0, slow: 0, latenciesMs: [], byStatus: {}, violations: [] };
  const note = (violation: FuzzViolation): void => {
    if (report.violations.length < 20) report.violations.push(violation);
  };
  // Against a local target each block of requests comes from its own loopback address, so the
  // per-client rate limit (100 a minute) lets the malformed input reach validation.
  const perClient = options.requestsPerClient ?? 80;
  const addresses: (string | undefined)[] = [];
  const addressFor = (index: number): string | undefined => (addresses[Math.floor(index / perClient)] ??= freshClientAddress(target.baseUrl));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index] as FuzzRequest;
      const localAddress = addressFor(index);
      report.sent += 1;
      const response = await send(target.baseUrl, {
        method: request.method,
        path: request.path,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        ...(localAddress ? { localAddress } : {}),
        timeoutMs: 10_000,
      }).catch((error: Error) => error);
      if (typeof (response as { status?: unknown }).status !== 'number') {
        report.noAnswer += 1;
        note({ kind: 'no-answer', request, detail: (response as Error).message });
        continue;
      }
      const answer = response as Awaited<ReturnType<typeof send>>;
      report.latenciesMs.push(answer.elapsedMs);
      report.byStatus[answer.status] = (report.byStatus[answer.status] ?? 0) + 1;
      if (answer.status >= 500) {
        report.fiveXx += 1;
        note({ kind: '5xx', request, detail: `${answer.status} ${answer.text.slice(0, 160)}` });
      }
      const leak = stackTraceIn(answer.text) ?? secretIn(answer.text, secrets);
      if (leak) {
        report.leaks += 1;
        note({ kind: stackTraceIn(answer.text) ? 'stack-trace' : 'secret', request, detail: leak });
      }
      if (answer.elapsedMs > options.slowMs) {
        report.slow += 1;
        note({ kind: 'slow', request, detail: `${Math.round(answer.elapsedMs)} ms` });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return report;
}
