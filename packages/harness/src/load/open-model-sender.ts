import { createLatencyHistogram, recordMilliseconds, type Histogram } from '../histogram/latency-histogram';
import { startGeneratorProbe, type GeneratorHealth } from './generator-health';
import { RawHttpConnection, serializeRequest } from './raw-http-connection';

export interface LoadRequest {
  /** Groups figures per endpoint (mixed loads); defaults to `METHOD path`. */
  name?: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Which statuses count as success (2xx by default). */
  ok?: (status: number) => boolean;
}

export interface OpenModelOptions {
  baseUrl: string;
  /** Requests started per second, whatever the server does (k6 constant-arrival-rate, wrk2 -R). */
  ratePerSecond: number;
  durationMs: number;
  /** Concurrent users: one keep-alive connection each; request i goes to user i mod users. */
  users: number;
  request: LoadRequest | ((index: number) => LoadRequest);
  /** A request not answered this long after its intended start is a timeout (and an error). */
  timeoutMs?: number;
  /** A send later than this after its intended start counts as late (the generator fell behind). */
  lateToleranceMs?: number;
  /** Open every user's connection before the clock starts (default true). */
  warmUp?: boolean;
  onResponse?: (response: { index: number; name: string; status: number; body: Buffer }) => void;
}

export interface EndpointFigures {
  corrected: Histogram;
  uncorrected: Histogram;
  completed: number;
  errors: number;
  timeouts: number;
}

export interface OpenModelResult {
  asked: { ratePerSecond: number; durationMs: number; users: number };
  scheduled: number;
  sent: number;
  completed: number;
  succeeded: number;
  errors: number;
  timeouts: number;
  lateSends: number;
  /** Sends per second over the schedule's window: below the asked rate means the generator could not keep up. */
  achievedRatePerSecond: number;
  /** Successful responses per second, from the first intended start to the last answer. */
  throughputPerSecond: number;
  errorRate: number;
  elapsedMs: number;
  /** From each request's intended start (what a user waits). */
  corrected: Histogram;
  /** From its actual send on its connection (what a closed-loop tool reports). */
  uncorrected: Histogram;
  lateness: Histogram;
  byName: Record<string, EndpointFigures>;
  statuses: Record<string, number>;
  errorSamples: string[];
  generator: GeneratorHealth;
}

interface Tally {
  result: Omit<OpenModelResult, 'generator' | 'achievedRatePerSecond' | 'throughputPerSecond' | 'errorRate' | 'elapsedMs'>;
  lastAnswerAt: number;
  firstSendAt: number;
  lastSendAt: number;
}

function figuresFor(tally: Tally, name: string): EndpointFigures {
  const existing = tally.result.byName[name];
  if (existing) return existing;
  const created = { corrected: createLatencyHistogram(), uncorrected: createLatencyHistogram(), completed: 0, errors: 0, timeouts: 0 };
  tally.result.byName[name] = created;
  return created;
}

function noteError(tally: Tally, message: string): void {
  if (tally.result.errorSamples.length < 10) tally.result.errorSamples.push(message);
}

/**
 * Open-model (constant-arrival-rate) HTTP load: request i is due at t0 + i/rate and is timed
 * from that instant, so a server that stalls shows in the percentiles instead of slowing the
 * sender down (no coordinated omission). Latencies go into HDR histograms in microseconds.
 */
export async function runOpenModel(options: OpenModelOptions): Promise<OpenModelResult> {
  const url = new URL(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const lateToleranceMs = options.lateToleranceMs ?? 10;
  const requestOf = typeof options.request === 'function' ? options.request : () => options.request as LoadRequest;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (url.protocol !== 'http:') throw new Error(`the open-model sender speaks plain HTTP/1.1; ${url.protocol} is not supported`);
  const connections = Array.from({ length: options.users }, () => new RawHttpConnection(url.hostname, port));
  const scheduled = Math.floor((options.ratePerSecond * options.durationMs) / 1000);
  const tally: Tally = {
    result: {
      asked: { ratePerSecond: options.ratePerSecond, durationMs: options.durationMs, users: options.users },
      scheduled,
      sent: 0,
      completed: 0,
      succeeded: 0,
      errors: 0,
      timeouts: 0,
      lateSends: 0,
      corrected: createLatencyHistogram(),
      uncorrected: createLatencyHistogram(),
      lateness: createLatencyHistogram(),
      byName: {},
      statuses: {},
      errorSamples: [],
    },
    lastAnswerAt: 0,
    firstSendAt: 0,
    lastSendAt: 0,
  };
  try {
    // Users are connected before the clock starts, as a browser holding a keep-alive connection is.
    if (options.warmUp !== false) await Promise.all(connections.map((connection) => connection.connect()));
    const probe = startGeneratorProbe(options.baseUrl);
    const periodMs = 1000 / options.ratePerSecond;
    const t0 = performance.now() + 5;
    const pending: Promise<void>[] = [];
    await new Promise<void>((resolve) => {
      let next = 0;
      const tick = (): void => {
        const now = performance.now();
        while (next < scheduled && t0 + next * periodMs <= now) {
          pending.push(send(tally, url.host, connections[next % connections.length]!, next, t0 + next * periodMs, requestOf(next), timeoutMs, lateToleranceMs, options.onResponse));
          next += 1;
        }
        if (next >= scheduled) resolve();
        else setTimeout(tick, Math.max(0, t0 + next * periodMs - performance.now()));
      };
      setTimeout(tick, Math.max(0, t0 - performance.now()));
    });
    await Promise.all(pending);
    const generator = probe.stop();
    const { result } = tally;
    const windowMs = Math.max(periodMs, tally.lastSendAt - t0 + periodMs);
    const elapsedMs = Math.max(1, tally.lastAnswerAt - t0);
    return {
      ...result,
      achievedRatePerSecond: round((result.sent * 1000) / windowMs),
      throughputPerSecond: round((result.succeeded * 1000) / Math.max(elapsedMs, options.durationMs)),
      errorRate: result.completed === 0 ? 1 : result.errors / result.completed,
      elapsedMs: round(elapsedMs),
      generator,
    };
  } finally {
    for (const connection of connections) connection.destroy();
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function send(
  tally: Tally,
  host: string,
  connection: RawHttpConnection,
  index: number,
  intendedAt: number,
  spec: LoadRequest,
  timeoutMs: number,
  lateToleranceMs: number,
  onResponse: OpenModelOptions['onResponse'],
): Promise<void> {
  const dispatchedAt = performance.now();
  const { result } = tally;
  result.sent += 1;
  if (tally.firstSendAt === 0) tally.firstSendAt = dispatchedAt;
  tally.lastSendAt = dispatchedAt;
  recordMilliseconds(result.lateness, dispatchedAt - intendedAt);
  if (dispatchedAt - intendedAt > lateToleranceMs) result.lateSends += 1;
  const method = spec.method ?? 'GET';
  const name = spec.name ?? `${method} ${spec.path}`;
  const figures = figuresFor(tally, name);
  return new Promise<void>((resolve) => {
    let onWireAt = dispatchedAt;
    let settled = false;
    const finish = (status: number | 'timeout' | 'error', body: Buffer, detail?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const answeredAt = performance.now();
      tally.lastAnswerAt = Math.max(tally.lastAnswerAt, answeredAt);
      for (const histogram of [result.corrected, figures.corrected]) recordMilliseconds(histogram, answeredAt - intendedAt);
      for (const histogram of [result.uncorrected, figures.uncorrected]) recordMilliseconds(histogram, answeredAt - onWireAt);
      result.completed += 1;
      figures.completed += 1;
      result.statuses[String(status)] = (result.statuses[String(status)] ?? 0) + 1;
      const ok = typeof status === 'number' && (spec.ok ? spec.ok(status) : status >= 200 && status < 300);
      if (ok) result.succeeded += 1;
      else {
        result.errors += 1;
        figures.errors += 1;
        if (status === 'timeout') {
          result.timeouts += 1;
          figures.timeouts += 1;
        }
        noteError(tally, `${name}: ${detail ?? status} ${body.subarray(0, 200).toString()}`);
      }
      if (typeof status === 'number') onResponse?.({ index, name, status, body });
      resolve();
    };
    // A user's connection carries one request at a time; a request waits behind the previous one
    // and goes on the wire when the connection is free (the uncorrected clock starts there).
    const exchange = {
      bytes: serializeRequest(host, method, spec.path, spec.headers, spec.body),
      onWire: () => {
        onWireAt = performance.now();
      },
      onResponse: (status: number, body: Buffer) => finish(status, body),
      onError: (error: Error) => finish('error', Buffer.alloc(0), error.message),
    };
    const timer = setTimeout(
      () => {
        connection.abandon(exchange);
        finish('timeout', Buffer.alloc(0), `no answer within ${timeoutMs} ms of its intended start`);
      },
      Math.max(1, intendedAt + timeoutMs - performance.now()),
    );
    connection.send(exchange);
  });
}
