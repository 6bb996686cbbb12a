import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock/clock';
import type { LearningEvent } from './learning-event';

export interface CachingProxyOptions {
  upstream: string;
  service: string;
  clock: Clock;
  /** Every request's latency as seen by the client of the proxy (what JARVIS learns from). */
  record: (event: LearningEvent) => void;
}

interface CachedResponse {
  status: number;
  contentType: string;
  body: Buffer;
  expiresAt: number;
}

/**
 * An HTTP front for a service: forwards requests, times them, and serves GET answers from memory
 * for the endpoints JARVIS decided to cache (TTL on the injected clock).
 */
export class CachingProxy {
  private readonly server: http.Server;
  private readonly policies = new Map<string, number>();
  private readonly cache = new Map<string, CachedResponse>();
  hits = 0;

  constructor(private readonly options: CachingProxyOptions) {
    this.server = http.createServer((request, response) => void this.handle(request, response));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  enableCache(endpoint: string, ttlMs: number): void {
    this.policies.set(endpoint, ttlMs);
  }

  cachedEndpoints(): string[] {
    return [...this.policies.keys()];
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const url = request.url ?? '/';
    const endpoint = url.split('?')[0]!;
    const ttl = request.method === 'GET' ? this.policies.get(endpoint) : undefined;
    let status = 502;
    try {
      const cached = ttl !== undefined ? this.cache.get(url) : undefined;
      if (cached && cached.expiresAt > this.options.clock.now()) {
        this.hits += 1;
        status = cached.status;
        response.writeHead(cached.status, { 'content-type': cached.contentType, 'x-cache': 'hit' }).end(cached.body);
        return;
      }
      const upstream = await fetch(new URL(url, this.options.upstream), { method: request.method });
      const body = Buffer.from(await upstream.arrayBuffer());
      status = upstream.status;
      const contentType = upstream.headers.get('content-type') ?? 'application/octet-stream';
      if (ttl !== undefined && upstream.status === 200) this.cache.set(url, { status, contentType, body, expiresAt: this.options.clock.now() + ttl });
      response.writeHead(status, { 'content-type': contentType, 'x-cache': 'miss' }).end(body);
    } catch {
      response.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message: 'upstream unreachable' } }));
    } finally {
      this.options.record({ at: this.options.clock.now(), kind: 'request', service: this.options.service, endpoint, latencyMs: performance.now() - started, ok: status < 500 });
    }
  }
}
