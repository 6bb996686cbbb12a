import type { Clock } from '../clock/clock';
import type { SafetyGuard } from '../safety/safety-guard';
import type { CachingProxy } from './caching-proxy';
import type { LearningStore } from './learning-store';

export interface EndpointOptimizerOptions {
  clock: Clock;
  store: LearningStore;
  proxy: CachingProxy;
  guard: SafetyGuard;
  /** An endpoint averaging more than this over the window is slow (default 200 ms). */
  slowMs?: number;
  /** Look-back window (default 1 h) and the evidence needed (default 20 requests). */
  windowMs?: number;
  minRequests?: number;
  cacheTtlMs?: number;
}

/**
 * Learns which endpoints are slow from the stored request latencies and turns on response
 * caching for them, remembering the decision (and the latency before it) in the store; on start
 * it re-applies what an earlier run learnt.
 */
export class EndpointOptimizer {
  private readonly slowMs: number;
  private readonly windowMs: number;
  private readonly minRequests: number;
  private readonly ttlMs: number;

  constructor(private readonly options: EndpointOptimizerOptions) {
    this.slowMs = options.slowMs ?? 200;
    this.windowMs = options.windowMs ?? 3_600_000;
    this.minRequests = options.minRequests ?? 20;
    this.ttlMs = options.cacheTtlMs ?? 60_000;
  }

  /** Re-applies optimizations learnt before a restart. */
  restore(): string[] {
    const endpoints = this.options.store.optimizations().map((optimization) => optimization.endpoint);
    for (const endpoint of endpoints) this.options.proxy.enableCache(endpoint, this.ttlMs);
    return endpoints;
  }

  /** One pass: returns the endpoints it started caching. */
  run(): string[] {
    const { store, proxy, guard, clock } = this.options;
    const since = clock.now() - this.windowMs;
    const applied: string[] = [];
    const already = new Set(proxy.cachedEndpoints());
    for (const slow of store.insights().slowEndpoints) {
      if (already.has(slow.endpoint)) continue;
      const recent = store.endpointLatency(slow.endpoint, since);
      if (recent.requests < this.minRequests || recent.avgMs <= this.slowMs) continue;
      guard.authorize({ command: 'enable-cache', actor: 'endpoint-optimizer', target: slow.endpoint, detail: { avgMs: recent.avgMs, requests: recent.requests } });
      proxy.enableCache(slow.endpoint, this.ttlMs);
      store.saveOptimization({
        endpoint: slow.endpoint,
        action: 'cache',
        appliedAt: clock.now(),
        beforeMs: recent.avgMs,
        detail: { requests: recent.requests, ttlMs: this.ttlMs },
      });
      guard.audit.append({ actor: 'endpoint-optimizer', operation: 'enable-cache', target: slow.endpoint, outcome: 'succeeded', detail: { avgMs: recent.avgMs } });
      applied.push(slow.endpoint);
    }
    return applied;
  }
}
