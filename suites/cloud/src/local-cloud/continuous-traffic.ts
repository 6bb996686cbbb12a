import { performance } from 'node:perf_hooks';

export interface TrafficRequest {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface TrafficResult {
  total: number;
  failed: number;
  /** Responses counted by the `x-served-by-version` header. */
  byVersion: Record<string, number>;
  /** Failed answers by the version that gave them (`none` when no answer came). */
  failedByVersion: Record<string, number>;
  failures: string[];
  latenciesMs: number[];
}

export interface RunningTraffic {
  stop(): Promise<TrafficResult>;
  /** Resolves when a `limit`ed run has sent and settled all its requests. */
  done(): Promise<TrafficResult>;
  snapshot(): TrafficResult;
}

/**
 * Closed-loop traffic: `concurrency` clients each sending the next request as soon as the last
 * answered, until stopped (or `limit` requests were sent). A request fails on a network error or a status other than `ok`'s.
 */
export function startTraffic(baseUrl: string, request: TrafficRequest, options: { concurrency: number; ok?: (status: number) => boolean; limit?: number }): RunningTraffic {
  const result: TrafficResult = { total: 0, failed: 0, byVersion: {}, failedByVersion: {}, failures: [], latenciesMs: [] };
  const ok = options.ok ?? ((status: number) => status >= 200 && status < 300);
  let running = true;
  let sent = 0;
  const client = async (): Promise<void> => {
    while (running && (options.limit === undefined || sent < options.limit)) {
      sent += 1;
      const started = performance.now();
      try {
        const response = await fetch(`${baseUrl}${request.path}`, {
          method: request.method ?? 'GET',
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        const version = response.headers.get('x-served-by-version') ?? 'unknown';
        result.byVersion[version] = (result.byVersion[version] ?? 0) + 1;
        if (!ok(response.status)) {
          result.failed += 1;
          result.failedByVersion[version] = (result.failedByVersion[version] ?? 0) + 1;
          if (result.failures.length < 10) result.failures.push(`${response.status} from ${version}`);
        }
      } catch (error) {
        result.failed += 1;
        result.failedByVersion.none = (result.failedByVersion.none ?? 0) + 1;
        if (result.failures.length < 10) result.failures.push((error as Error).message);
      }
      result.total += 1;
      result.latenciesMs.push(performance.now() - started);
    }
  };
  const clients = Array.from({ length: options.concurrency }, () => client());
  return {
    snapshot: () => ({
      ...result,
      byVersion: { ...result.byVersion },
      failedByVersion: { ...result.failedByVersion },
      failures: [...result.failures],
      latenciesMs: [...result.latenciesMs],
    }),
    done: async () => {
      await Promise.all(clients);
      return result;
    },
    stop: async () => {
      running = false;
      await Promise.all(clients);
      return result;
    },
  };
}
