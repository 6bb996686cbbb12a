/**
 * Golden-signal thresholds. Defaults are the seed's: p95 latency 100 ms, capacity 1000 req/s,
 * error rate 0.1 %, saturation 80 %. Crossing a warning bound makes a service `degraded`
 * (the seed's ⚠️ latency and traffic cases); crossing a critical bound makes it `down`
 * (the seed's ❌ error-rate and saturation cases: 5 % errors, 95 % CPU).
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
  errorRateCritical: 0.01,
  saturationPercent: 80,
  saturationCriticalPercent: 90,
};

export function resolveThresholds(overrides: Partial<GoldenSignalThresholds> = {}): GoldenSignalThresholds {
  return { ...DEFAULT_THRESHOLDS, ...overrides };
}
