import { checkThreshold, decodeHistogram, encodeHistogram, mergeHistograms, parseThreshold, type Histogram } from '@orch/harness';
import type { ScenarioMetric } from './report-types';

type Statistic = { kind: 'percentile'; percentile: number } | { kind: 'mean' | 'min' | 'max' | 'count' };

/** Histograms hold microseconds; these are the units a latency figure can be reported in. */
const MICROSECONDS_PER_UNIT: Record<string, number> = { us: 1, µs: 1, ms: 1000, s: 1_000_000, sec: 1_000_000, seconds: 1_000_000 };

function statisticFromText(text: string): Statistic | undefined {
  const percentile = /\bp\(?(\d+(?:\.\d+)?)\)?/i.exec(text);
  if (percentile) return { kind: 'percentile', percentile: Number(percentile[1]) };
  if (/\b(avg|mean|average)\b/i.test(text)) return { kind: 'mean' };
  if (/\bmax\b/i.test(text)) return { kind: 'max' };
  if (/\bmin\b/i.test(text)) return { kind: 'min' };
  return undefined;
}

/** Which statistic of its histogram a metric's value is: the threshold says it, else the name. */
export function metricStatistic(metric: Pick<ScenarioMetric, 'name' | 'threshold'>): Statistic | undefined {
  if (metric.threshold) {
    try {
      const aggregate = parseThreshold(metric.threshold).aggregate;
      const fromThreshold = statisticFromText(aggregate) ?? (aggregate === 'count' ? ({ kind: 'count' } as const) : undefined);
      if (fromThreshold) return fromThreshold;
    } catch {
      // A malformed threshold falls back to the metric's name.
    }
  }
  return statisticFromText(metric.name);
}

/** The metric's value recomputed from a histogram, in the metric's own unit. */
export function valueFromHistogram(histogram: Histogram, statistic: Statistic, unit: string): number | undefined {
  if (statistic.kind === 'count') return histogram.totalCount;
  const scale = MICROSECONDS_PER_UNIT[unit];
  if (scale === undefined || histogram.totalCount === 0) return undefined;
  const micros =
    statistic.kind === 'percentile'
      ? histogram.getValueAtPercentile(statistic.percentile)
      : statistic.kind === 'mean'
        ? histogram.mean
        : statistic.kind === 'max'
          ? histogram.maxValue
          : histogram.minNonZeroValue;
  // Same rounding as the harness's percentileMs: whole microseconds.
  return Math.round(micros) / scale;
}

function groupKey(metric: ScenarioMetric): string {
  return JSON.stringify([metric.name, metric.unit, metric.threshold ?? '']);
}

/**
 * Combines the figures of one scenario recorded by several shards or processes. Figures with
 * the same name, unit and threshold that all carry histograms are merged histogram-wise and the
 * value is recomputed from the merged histogram: percentiles are never averaged. Figures that
 * cannot be combined that way are kept side by side.
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
    const statistic = metricStatistic(first);
    if (group.length === 1 || !statistic || !group.every((metric) => metric.histogram)) {
      result.push(...group);
      continue;
    }
    const merged = mergeHistograms(group.map((metric) => decodeHistogram(metric.histogram!)));
    const value = valueFromHistogram(merged, statistic, first.unit);
    if (value === undefined) {
      result.push(...group);
      continue;
    }
    const check = first.threshold ? checkThreshold(first.threshold, value, first.unit) : undefined;
    const tests = [...new Set(group.map((metric) => metric.test).filter((test): test is string => Boolean(test)))];
    result.push({
      ...first,
      value,
      ...(check ? { pass: check.pass } : {}),
      histogram: encodeHistogram(merged),
      ...(tests.length > 0 ? { test: tests.join(' + ') } : {}),
      sources: group.reduce((sum, metric) => sum + (metric.sources ?? 1), 0),
    });
  }
  return result;
}
