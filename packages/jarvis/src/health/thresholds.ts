/**
 * Golden-signal thresholds, and the bands they draw (the seed's targets are the defaults):
 *
 * | signal     | healthy          | degraded (warning)      | down (critical)  |
 * |------------|------------------|-------------------------|------------------|
 * | latency    | p95 < 100 ms     | 100 ms ≤ p95 < 1000 ms  | p95 ≥ 1000 ms    |
 * | traffic    | ≤ 1000 req/s     | 1000 < peak ≤ 3000      | peak > 3000      |
 * | errors     | rate < 0.1 %     | (none)                  | rate ≥ 0.1 %     |
 * | saturation | < 80 %           | (none)                  | ≥ 80 %           |
 *
 * Latency and traffic over target are the seed's ⚠️ cases ("degraded: p95 150ms", "degraded:
 * 2000 req/sec"); errors and saturation over target are its ❌ cases ("critical: 5% errors
 * (threshold: 0.1%)", "critical: 95% CPU (threshold: 80%)"), so for them the critical bound is
 * the target itself and there is no degraded band. A warning bound equal to its critical bound
 * means "no degraded band". The seed's targets are strict (`<100ms`, `<0.1%`, `<80%`), so
 * reaching a latency, error or saturation bound is already over it; traffic is a capacity
 * ("capacity: 1000 req/sec"), so reaching it is still within it.
 */
export interface GoldenSignalThresholds {
  latencyP95Ms: number;
  latencyCriticalP95Ms: number;
  capacityRps: number;
  trafficCriticalRps: number;
  errorRate: number;
  errorRateCritical: number;
  saturationPercent: number;
  saturationCriticalPercent: number;
}

export const DEFAULT_THRESHOLDS: GoldenSignalThresholds = {
  latencyP95Ms: 100,
  latencyCriticalP95Ms: 1000,
  capacityRps: 1000,
  trafficCriticalRps: 3000,
  errorRate: 0.001,
  errorRateCritical: 0.001,
  saturationPercent: 80,
  saturationCriticalPercent: 80,
};

export function resolveThresholds(overrides: Partial<GoldenSignalThresholds> = {}): GoldenSignalThresholds {
  return { ...DEFAULT_THRESHOLDS, ...overrides };
}
