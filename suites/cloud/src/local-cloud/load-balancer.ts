import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A backend the balancer may send traffic to. */
export interface Backend {
  id: string;
  version: string;
  port: number;
  inFlight: number;
}

/** Responses counted per version, as served (the split and the error rate are read from these). */
export interface VersionTally {
  responses: number;
  errors: number;
}

interface Pool {
  weight: number;
  backends: Backend[];
  cursor: number;
  credit: number;
}

/**
 * A local HTTP load balancer (node http proxy) in front of replica processes. Traffic is split
 * between pools (stable, canary) by smooth weighted round-robin, so a 90/10 split is exact per
 * ten requests, and round-robin inside a pool. Every answer carries `x-served-by-version`.
 * A 5xx or an unreachable replica counts as an error of the version that was picked.
 */
export class LoadBalancer {
  private readonly pools = new Map<string, Pool>();
  private readonly tallies = new Map<string, VersionTally>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private server: http.Server | undefined;
  port = 0;

  async listen(): Promise<string> {
    this.server = http.createServer((request, response) => this.forward(request, response));
    this.server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  setPool(name: string, weight: number, backends: Backend[]): void {
    const existing = this.pools.get(name);
    this.pools.set(name, { weight, backends, cursor: existing?.cursor ?? 0, credit: existing?.credit ?? 0 });
  }

  removePool(name: string): void {
    this.pools.delete(name);
  }

  tally(version: string): VersionTally {
    return { ...(this.tallies.get(version) ?? { responses: 0, errors: 0 }) };
  }

  resetTallies(): void {
    this.tallies.clear();
  }

  async close(): Promise<void> {
    this.agent.destroy();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private pick(): Backend | undefined {
    const live = [...this.pools.values()].filter((pool) => pool.weight > 0 && pool.backends.length > 0);
    if (live.length === 0) return undefined;
    const total = live.reduce((sum, pool) => sum + pool.weight, 0);
    let chosen = live[0];
    for (const pool of live) {
      pool.credit += pool.weight;
      if (pool.credit > chosen.credit) chosen = pool;
    }
    chosen.credit -= total;
    const backend = chosen.backends[chosen.cursor % chosen.backends.length];
    chosen.cursor = (chosen.cursor + 1) % chosen.backends.length;
    return backend;
  }

  private count(version: string, error: boolean): void {
    const tally = this.tallies.get(version) ?? { responses: 0, errors: 0 };
    tally.responses += 1;
    if (error) tally.errors += 1;
    this.tallies.set(version, tally);
  }

  private forward(request: http.IncomingMessage, response: http.ServerResponse): void {
    const backend = this.pick();
    if (!backend) {
      response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NO_HEALTHY_REPLICA', message: 'no replica is in service' } }));
      return;
    }
    backend.inFlight += 1;
    let settled = false;
    const settle = (error: boolean): void => {
      if (settled) return;
      settled = true;
      backend.inFlight -= 1;
      this.count(backend.version, error);
    };
    const upstream = http.request({ host: '127.0.0.1', port: backend.port, method: request.method, path: request.url, headers: request.headers, agent: this.agent }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-served-by-version': backend.version, 'x-served-by-replica': backend.id });
      answer.pipe(response);
      answer.on('end', () => settle((answer.statusCode ?? 502) >= 500));
      answer.on('error', () => settle(true));
    });
    upstream.on('error', () => {
      settle(true);
      if (!response.headersSent) {
        response.writeHead(502, { 'content-type': 'application/json', 'x-served-by-version': backend.version });
        response.end(JSON.stringify({ error: { code: 'BAD_GATEWAY', message: `replica ${backend.id} did not answer` } }));
      } else response.destroy();
    });
    request.pipe(upstream);
  }
}
