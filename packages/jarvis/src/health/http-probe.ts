import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock/clock';

export interface HttpAnswer {
  status: number;
  body: string;
  latencyMs: number;
}

export class ProbeTimeoutError extends Error {
  readonly code = 'PROBE_TIMEOUT';
  constructor(url: string, timeoutMs: number) {
    super(`no answer from ${redactUrl(url)} within ${timeoutMs} ms`);
    this.name = 'ProbeTimeoutError';
  }
}

/**
 * GET `url` with a deadline on the injected clock. When the deadline passes the request is
 * aborted for real (AbortSignal), so a hung service does not keep a socket and a promise alive
 * behind a result JARVIS has already recorded.
 */
export function timedGet(url: string, clock: Clock, timeoutMs: number, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const controller = new AbortController();
  const started = performance.now();
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const timer = clock.setTimeout(() => {
      if (settled) return;
      settled = true;
      controller.abort(new ProbeTimeoutError(url, timeoutMs));
      reject(new ProbeTimeoutError(url, timeoutMs));
    }, timeoutMs);
    fetch(url, { signal: controller.signal, headers: { accept: 'application/json', ...headers } })
      .then(async (response) => {
        const body = await response.text();
        return { status: response.status, body, latencyMs: performance.now() - started };
      })
      .then(
        (answer) => {
          if (settled) return;
          settled = true;
          timer.cancel();
          resolve(answer);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          timer.cancel();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
  });
}

/** Drops credentials and query strings from a URL before it is logged or shown. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    if (parsed.search) parsed.search = '?***';
    return parsed.toString();
  } catch {
    return '***';
  }
}
