import autocannon from 'autocannon';
import { createLatencyHistogram, recordMilliseconds, type Histogram } from '../histogram/latency-histogram';
import { startGeneratorProbe, type GeneratorHealth } from './generator-health';

export interface ClosedModelOptions {
  url: string;
  /** Connections, each sending its next request as soon as the previous one is answered. */
  connections: number;
  durationSeconds: number;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  pipelining?: number;
  timeoutSeconds?: number;
}

export interface ClosedModelResult {
  requestsPerSecond: number;
  total: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Every response's latency (µs inside), so any percentile can be computed (autocannon prints no p95). */
  histogram: Histogram;
  generator: GeneratorHealth;
}

/**
 * Closed-model throughput with autocannon: N connections as fast as the server answers. Its
 * latencies suffer coordinated omission by design; use it for throughput, the open model for SLOs.
 */
export async function runClosedModel(options: ClosedModelOptions): Promise<ClosedModelResult> {
  const histogram = createLatencyHistogram();
  const probe = startGeneratorProbe(options.url);
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        method: options.method ?? 'GET',
        headers: options.headers,
        body: options.body,
        pipelining: options.pipelining ?? 1,
        timeout: options.timeoutSeconds ?? 10,
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
  });
  instance!.on('response', (_client, _status, _bytes, responseTime) => recordMilliseconds(histogram, responseTime));
  const result = await done;
  const generator = probe.stop();
  return {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    histogram,
    generator,
  };
}
