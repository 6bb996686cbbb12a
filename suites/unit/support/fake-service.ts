import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A stand-in for one monitored service (AI DAWG backend, vocal coach, producer) in unit tests: a
 * real HTTP server on port 0 whose health endpoint a test can make healthy, slow, failing,
 * empty, malformed, hanging, flapping or unreachable, and whose work endpoint (`/api/*`, what
 * the gateway proxies) can be made slow or failing at a chosen rate.
 */
export type HealthMode = 'healthy' | 'failing' | 'empty' | 'malformed' | 'hang' | 'flapping' | 'reports-down';

export interface FakeServiceState {
  mode: HealthMode;
  /** Real delay before the health endpoint answers. */
  healthDelayMs: number;
  /** Real delay before the work endpoint answers. */
  workDelayMs: number;
  /** Every Nth work request fails with 500 (0: never). */
  failEvery: number;
  /** Merged into the health payload (e.g. `{ metrics: { cpuPercent: 95 } }`). */
  report: Record<string, unknown>;
}

export class FakeService {
  state: FakeServiceState = { mode: 'healthy', healthDelayMs: 0, workDelayMs: 0, failEvery: 0, report: {} };
  healthRequests = 0;
  workRequests = 0;
  /** Health requests whose connection the client closed before an answer (aborted probes). */
  abortedHealthRequests = 0;
  private flip = false;
  private readonly servers: http.Server[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private primary: http.Server | undefined;
  private primaryPort = 0;
  private altPort = 0;

  constructor(readonly name: string) {}

  static async start(name: string, options: { altListener?: boolean } = {}): Promise<FakeService> {
    const service = new FakeService(name);
    service.primary = await service.listen(0);
    service.primaryPort = (service.primary.address() as AddressInfo).port;
    if (options.altListener) service.altPort = ((await service.listen(0)).address() as AddressInfo).port;
    return service;
  }

  get healthUrl(): string {
    return `http://127.0.0.1:${this.primaryPort}/health`;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.primaryPort}`;
  }

  /** The same service through another path (another listener), for partition tests. */
  get altHealthUrl(): string {
    if (!this.altPort) throw new Error(`${this.name} was started without an alt listener`);
    return `http://127.0.0.1:${this.altPort}/health`;
  }

  set(patch: Partial<FakeServiceState>): void {
    this.state = { ...this.state, ...patch };
  }

  /** Closes only the primary listener: JARVIS's probe path is cut, the service lives on. */
  async partition(): Promise<void> {
    const primary = this.primary;
    if (!primary) return;
    this.primary = undefined;
    await this.closeServer(primary);
  }

  /** Reopens the primary listener on the same port. */
  async heal(): Promise<void> {
    if (this.primary) return;
    this.primary = await this.listen(this.primaryPort);
  }

  /** Stops everything (the service is down for real). */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.primary = undefined;
    await Promise.all(this.servers.splice(0).map((server) => this.closeServer(server)));
  }

  private listen(port: number): Promise<http.Server> {
    const server = http.createServer((request, response) => this.handle(request, response));
    server.keepAliveTimeout = 1_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  }

  private closeServer(server: http.Server): Promise<void> {
    const index = this.servers.indexOf(server);
    if (index >= 0) this.servers.splice(index, 1);
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private later(ms: number, action: () => void): void {
    if (ms <= 0) {
      action();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/health') {
      this.healthRequests += 1;
      let answered = false;
      response.on('close', () => {
        if (!answered) this.abortedHealthRequests += 1;
      });
      const { mode } = this.state;
      if (mode === 'hang') return;
      let effective: HealthMode = mode;
      if (mode === 'flapping') {
        this.flip = !this.flip;
        effective = this.flip ? 'failing' : 'healthy';
      }
      this.later(this.state.healthDelayMs, () => {
        answered = true;
        if (response.destroyed) return;
        if (effective === 'failing') {
          return void response.writeHead(503, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              status: 'unhealthy',
              dependencies: [
                { name: 'postgres', status: 'down' },
                { name: 'redis', status: 'up' },
              ],
            }),
          );
        }
        if (effective === 'empty') return void response.writeHead(200, { 'content-type': 'application/json' }).end('');
        if (effective === 'malformed') return void response.writeHead(200, { 'content-type': 'application/json' }).end('<html>ok</html>');
        const status = effective === 'reports-down' ? 'down' : 'ok';
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status, service: this.name, ...this.state.report }));
      });
      return;
    }
    this.workRequests += 1;
    const failing = this.state.failEvery > 0 && this.workRequests % this.state.failEvery === 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.later(this.state.workDelayMs, () => {
        if (response.destroyed) return;
        if (failing) return void response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"BOOM","message":"injected failure"}}');
        response.writeHead(200, { 'content-type': 'application/json', 'x-served-by': this.name }).end(
          JSON.stringify({
            service: this.name,
            method: request.method,
            path,
            echo: Buffer.concat(chunks).toString('utf8') || null,
            user: request.headers['x-jarvis-user'] ?? null,
          }),
        );
      });
    });
  }
}
