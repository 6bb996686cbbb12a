import { checkThreshold, decodeHistogram, encodeHistogram, isDistribution, mergeHistograms, parseThreshold, resolveFigure, statisticOf } from '@orch/harness';
import type { ScenarioMetric } from './report-types';

function groupKey(metric: ScenarioMetric): string {
  return JSON.stringify([metric.name, metric.unit, metric.threshold ?? '', metric.role ?? '']);
}

/** True when the metric's threshold names a distribution statistic, the only kind a merge recomputes. */
function isDistributionMetric(metric: ScenarioMetric): boolean {
  if (!metric.threshold) return false;
  try {
    return isDistribution(statisticOf(parseThreshold(metric.threshold).aggregate));
  } catch {
    return false;
  }
}

/** The group's figure recomputed from its pooled data by the harness's own rule, or undefined when it cannot be. */
function pooledFigure(group: readonly ScenarioMetric[]): { value: number; histogram?: string; samples?: number[] } | undefined {
  const first = group[0]!;
  try {
    if (group.every((metric) => metric.histogram)) {
      const merged = mergeHistograms(group.map((metric) => decodeHistogram(metric.histogram!)));
      return resolveFigure({ unit: first.unit, histogram: encodeHistogram(merged) }, first.threshold);
    }
    if (group.every((metric) => metric.samples)) {
      return resolveFigure({ unit: first.unit, samples: group.flatMap((metric) => metric.samples!) }, first.threshold);
    }
  } catch {
    // Data that cannot be pooled (an empty histogram, say) is kept side by side instead.
  }
  return undefined;
}

function verdictOf(metric: ScenarioMetric, value: number): boolean | undefined {
  if (!metric.threshold) return undefined;
  const check = checkThreshold(metric.threshold, value, metric.unit);
  return metric.role === 'breach' ? !check.pass : check.pass;
}

/**
 * Combines the figures of one scenario recorded by several shards or processes. Figures with
 * the same name, unit, threshold and role whose threshold is a distribution statistic and which
 * all carry histograms (or all carry samples) are pooled, and the statistic is recomputed by the
 * same rule the harness used when recording: percentiles are never averaged. Anything else is
 * kept side by side.
 */
export function mergeMetricList(metrics: readonly ScenarioMetric[]): ScenarioMetric[] {
  const groups = new Map<string, ScenarioMetric[]>();
  for (const metric of metrics) {
    const key = groupKey(metric);
    groups.set(key, [...(groups.get(key) ?? []), metric]);
  }
  const result: ScenarioMetric[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const figure = group.length > 1 && isDistributionMetric(first) ? pooledFigure(group) : undefined;
    if (!figure) {
      result.push(...group);
      continue;
    }
    const pass = verdictOf(first, figure.value);
    const tests = [...new Set(group.map((metric) => metric.test).filter((test): test is string => Boolean(test)))];
    result.push({
      ...first,
      value: figure.value,
      ...(pass !== undefined ? { pass } : {}),
      ...(figure.histogram ? { histogram: figure.histogram } : {}),
      ...(figure.samples ? { samples: figure.samples } : {}),
      ...(tests.length > 0 ? { test: tests.join(' + ') } : {}),
      sources: group.reduce((sum, metric) => sum + (metric.sources ?? 1), 0),
    });
  }
  return result;
}
