import type { Clock, TimerHandle } from '@orch/harness';
import { LoadBalancer } from './load-balancer';

export interface Region {
  name: string;
  url: string;
}

/**
 * DNS-style failover routing (Route 53 failover records, a global load balancer) across
 * "regions": all traffic goes to the first region in priority order whose health check passes;
 * health checks run on an injected clock, each with a real timeout, and a region is declared
 * down after `failureThreshold` consecutive failures. Answers carry the serving region in
 * `x-served-by-version`.
 */
export class RegionRouter {
  readonly balancer = new LoadBalancer();
  readonly failovers: { at: number; from: string; to: string }[] = [];
  private readonly failures = new Map<string, number>();
  private active: string | undefined;
  private timer: TimerHandle | undefined;
  private running: Promise<void> = Promise.resolve();
  url = '';

  constructor(
    private readonly regions: Region[],
    private readonly clock: Clock,
    private readonly settings: { intervalMs: number; timeoutMs: number; failureThreshold: number } = { intervalMs: 10_000, timeoutMs: 1_000, failureThreshold: 2 },
  ) {}

  async start(): Promise<void> {
    this.url = await this.balancer.listen();
    this.route(this.regions[0].name);
    this.timer = this.clock.setInterval(() => {
      this.running = this.running.then(() => this.check());
    }, this.settings.intervalMs);
  }

  activeRegion(): string | undefined {
    return this.active;
  }

  idle(): Promise<void> {
    return this.running;
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    await this.running;
    await this.balancer.close();
  }

  private route(name: string): void {
    if (this.active && this.active !== name) this.failovers.push({ at: this.clock.now(), from: this.active, to: name });
    this.active = name;
    for (const region of this.regions) {
      this.balancer.setPool(region.name, region.name === name ? 100 : 0, [{ id: region.name, version: region.name, port: Number(new URL(region.url).port), inFlight: 0 }]);
    }
  }

  private async check(): Promise<void> {
    await Promise.all(
      this.regions.map(async (region) => {
        const healthy = await fetch(`${region.url}/health`, { signal: AbortSignal.timeout(this.settings.timeoutMs) }).then(
          (response) => response.ok,
          () => false,
        );
        this.failures.set(region.name, healthy ? 0 : (this.failures.get(region.name) ?? 0) + 1);
      }),
    );
    const preferred = this.regions.find((region) => (this.failures.get(region.name) ?? 0) < this.settings.failureThreshold);
    if (preferred && preferred.name !== this.active) this.route(preferred.name);
  }
}
