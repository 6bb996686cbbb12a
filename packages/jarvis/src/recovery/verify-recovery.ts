import type { Clock } from '../clock/clock';
import type { HealthAggregator } from '../health/health-aggregator';
import type { ProcessSupervisor } from './process-supervisor';
import type { RecoveryVerdict } from './recovery-manager';

const RECHECK_EVERY_MS = 1_000;

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/**
 * A restart succeeded when the new process is still running and the service answers healthy,
 * checked once right away and then every second (on the clock) until `timeoutMs`. A process that
 * exits at start, or never answers healthy, is a failed attempt, however cleanly it spawned.
 */
export async function verifyRecovery(options: {
  service: string;
  clock: Clock;
  aggregator: HealthAggregator;
  supervisor: ProcessSupervisor;
  timeoutMs: number;
}): Promise<RecoveryVerdict> {
  const { service, clock, aggregator, supervisor, timeoutMs } = options;
  const started = clock.now();
  const pid = supervisor.info(service)?.pid;
  for (;;) {
    if (aggregator.closed) return { ok: false, reason: 'JARVIS is shutting down' };
    const before = supervisor.info(service);
    if (before && (!before.running || before.pid !== pid)) return { ok: false, reason: `process ${pid} exited after the restart (${describeExit(before.exits.at(-1))})` };
    const snapshot = await aggregator.checkNow(service, 'verify');
    const after = supervisor.info(service);
    const stillUp = !after || (after.running && after.pid === pid);
    if (snapshot.status === 'healthy' && stillUp) return { ok: true, detail: { healthyAfterMs: clock.now() - started } };
    if (!stillUp) return { ok: false, reason: `process ${pid} exited after the restart (${describeExit(after?.exits.at(-1))})` };
    if (clock.now() - started >= timeoutMs)
      return { ok: false, reason: `not healthy within ${Math.round(timeoutMs / 1000)} s of the restart (${snapshot.status}: ${snapshot.reasons.join('; ')})` };
    await sleep(clock, RECHECK_EVERY_MS);
  }
}

function describeExit(exit: { code: number | null; signal: string | null } | undefined): string {
  if (!exit) return 'no exit recorded';
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}
