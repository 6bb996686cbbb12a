import { realClock, type Clock } from '../clock/clock';

export class WaitTimeoutError extends Error {
  readonly code = 'WAIT_TIMEOUT';
  constructor(what: string, timeoutMs: number, lastError: unknown) {
    super(`${what} not ready after ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message ?? String(lastError)}` : ''}`);
    this.name = 'WaitTimeoutError';
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  clock?: Clock;
  what: string;
}

/**
 * Polls `probe` until it resolves truthy, against an injected clock (readiness polling in the
 * style of testcontainers' wait strategies). Throws a WaitTimeoutError carrying the last failure.
 */
export async function waitUntil<T>(probe: () => Promise<T | undefined | false>, options: WaitOptions): Promise<T> {
  const clock = options.clock ?? realClock;
  const deadline = clock.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 20;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await probe();
      if (result) return result;
    } catch (error) {
      lastError = error;
    }
    if (clock.now() >= deadline) throw new WaitTimeoutError(options.what, options.timeoutMs, lastError);
    await new Promise<void>((resolve) => clock.setTimeout(resolve, interval));
  }
}
