import type { GoldenSignals, SignalLevel, SignalLevels } from './service-snapshot';
import type { GoldenSignalThresholds } from './thresholds';

export const LEVEL_ORDER: Record<SignalLevel, number> = { ok: 0, warning: 1, critical: 2 };

/** Strict targets (`<`): reaching the bound is over it. */
function atOrOver(value: number | null, warning: number, critical: number): SignalLevel {
  if (value === null) return 'ok';
  if (value >= critical) return 'critical';
  return value >= warning ? 'warning' : 'ok';
}

/** A capacity: reaching it is still within it. */
function over(value: number | null, warning: number, critical: number): SignalLevel {
  if (value === null) return 'ok';
  if (value > critical) return 'critical';
  return value > warning ? 'warning' : 'ok';
}

/** Each signal's band (thresholds.ts documents them). */
export function levelsOf(signals: GoldenSignals, t: GoldenSignalThresholds): SignalLevels {
  return {
    latency: atOrOver(signals.latencyP95Ms, t.latencyP95Ms, t.latencyCriticalP95Ms),
    traffic: over(signals.trafficRps, t.capacityRps, t.trafficCriticalRps),
    errors: atOrOver(signals.errorRate, t.errorRate, t.errorRateCritical),
    saturation: atOrOver(signals.saturationPercent, t.saturationPercent, t.saturationCriticalPercent),
  };
}

export function worstLevel(levels: SignalLevels): SignalLevel {
  const values = Object.values(levels) as SignalLevel[];
  return values.reduce<SignalLevel>((worst, level) => (LEVEL_ORDER[level] > LEVEL_ORDER[worst] ? level : worst), 'ok');
}

/** Why the signals put a service out of `ok`, with the bound each one crossed. */
export function signalReasons(signals: GoldenSignals, levels: SignalLevels, t: GoldenSignalThresholds): string[] {
  const reasons: string[] = [];
  const critical = (level: SignalLevel): boolean => level === 'critical';
  if (levels.latency !== 'ok')
    reasons.push(`latency p95 ${signals.latencyP95Ms} ms ≥ ${critical(levels.latency) ? t.latencyCriticalP95Ms : t.latencyP95Ms} ms (${levels.latency})`);
  if (levels.traffic !== 'ok')
    reasons.push(`traffic peak ${signals.trafficRps} req/s > capacity ${critical(levels.traffic) ? t.trafficCriticalRps : t.capacityRps} req/s (${levels.traffic})`);
  if (levels.errors !== 'ok')
    reasons.push(
      `error rate ${((signals.errorRate ?? 0) * 100).toFixed(2)} % ≥ ${((critical(levels.errors) ? t.errorRateCritical : t.errorRate) * 100).toFixed(2)} % (${levels.errors})`,
    );
  if (levels.saturation !== 'ok')
    reasons.push(`saturation ${signals.saturationPercent} % ≥ ${critical(levels.saturation) ? t.saturationCriticalPercent : t.saturationPercent} % (${levels.saturation})`);
  return reasons;
}
