import type { ProcessSupervisor } from '../recovery/process-supervisor';

export interface VerifyOptions {
  /** Real ms a restarted process gets to answer healthy. */
  timeoutMs?: number;
  /** Real ms it must then stay up (same pid) and still answer healthy. */
  stableMs?: number;
  pollMs?: number;
}

export interface Verification {
  ok: boolean;
  reason: string;
  pid: number | undefined;
}

// Waiting for a real process to come up is real time, not the control loop's (possibly
// simulated) clock: the process and its HTTP answer live outside the simulation.
const realDelay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Decides whether a restart worked. A spawn is not a recovery: the process must answer healthy
 * within `timeoutMs`, then still be the same running process answering healthy `stableMs` later.
 */
export async function verifyRestart(
  service: string,
  supervisor: ProcessSupervisor,
  isHealthy: (service: string) => Promise<boolean>,
  options: VerifyOptions = {},
): Promise<Verification> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const stableMs = options.stableMs ?? 500;
  const pollMs = options.pollMs ?? 50;
  const pid = supervisor.info(service)?.pid;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = supervisor.info(service);
    if (!info?.running || info.pid !== pid) return { ok: false, reason: 'process exited after the spawn', pid };
    if (await isHealthy(service)) break;
    if (Date.now() > deadline) return { ok: false, reason: `not healthy within ${timeoutMs} ms`, pid };
    await realDelay(pollMs);
  }
  await realDelay(stableMs);
  const after = supervisor.info(service);
  if (!after?.running || after.pid !== pid) return { ok: false, reason: `did not stay up for ${stableMs} ms`, pid };
  if (!(await isHealthy(service))) return { ok: false, reason: `stopped answering healthy within ${stableMs} ms`, pid };
  return { ok: true, reason: 'running and healthy', pid };
}
