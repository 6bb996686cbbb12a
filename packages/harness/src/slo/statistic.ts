import type { Histogram } from '../histogram/latency-histogram';
import { convertUnit } from './units';

/**
 * What the left side of a threshold names. Distribution statistics (percentiles, max, min, avg)
 * are computed by the harness from the samples or histogram a test recorded, never taken from a
 * number the test worked out itself; scalar ones (`value`, `rate`, `count`, `saturation`) are a
 * single measured figure.
 */
export type Statistic =
  { kind: 'percentile'; percentile: number } | { kind: 'max' } | { kind: 'min' } | { kind: 'avg' } | { kind: 'scalar'; name: 'value' | 'rate' | 'count' | 'saturation' };

const SCALARS = new Set(['value', 'rate', 'count', 'saturation']);

export class StatisticError extends Error {
  readonly code = 'METRIC_STATISTIC';
  constructor(message: string) {
    super(message);
    this.name = 'StatisticError';
  }
}

export function statisticOf(aggregate: string): Statistic {
  const percentile = /^p\((\d+(?:\.\d+)?)\)$/.exec(aggregate);
  if (percentile) {
    const value = Number(percentile[1]);
    // p(100) is the maximum: treating it as one lets `max` and `p(100)` compare as equals.
    return value >= 100 ? { kind: 'max' } : { kind: 'percentile', percentile: value };
  }
  if (aggregate === 'max' || aggregate === 'min' || aggregate === 'avg') return { kind: aggregate };
  if (SCALARS.has(aggregate)) return { kind: 'scalar', name: aggregate as 'value' | 'rate' | 'count' | 'saturation' };
  throw new StatisticError(`unknown statistic "${aggregate}"`);
}

export function isDistribution(statistic: Statistic): boolean {
  return statistic.kind !== 'scalar';
}

export function describeStatistic(statistic: Statistic): string {
  if (statistic.kind === 'percentile') return `p(${statistic.percentile})`;
  if (statistic.kind === 'scalar') return statistic.name;
  return statistic.kind;
}

/** Nearest-rank percentile, the same definition HDR histograms use (the smallest value with at least p% at or below it). */
function percentileOfSorted(sorted: readonly number[], percentile: number): number {
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export function statisticOfSamples(statistic: Statistic, samples: readonly number[]): number {
  if (samples.length === 0) throw new StatisticError('no samples to compute a statistic from');
  if (samples.some((sample) => !Number.isFinite(sample))) throw new StatisticError('samples must be finite numbers');
  switch (statistic.kind) {
    case 'max':
      return samples.reduce((a, b) => Math.max(a, b), -Infinity);
    case 'min':
      return samples.reduce((a, b) => Math.min(a, b), Infinity);
    case 'avg':
      return samples.reduce((a, b) => a + b, 0) / samples.length;
    case 'percentile':
      return percentileOfSorted(
        [...samples].sort((a, b) => a - b),
        statistic.percentile,
      );
    case 'scalar':
      throw new StatisticError(`"${statistic.name}" is a single figure, not a statistic of samples`);
  }
}

/** The statistic of an HDR histogram (microseconds inside) in `unit`, a time unit. */
export function statisticOfHistogram(statistic: Statistic, histogram: Histogram, unit: string): number {
  if (histogram.totalCount === 0) throw new StatisticError('the histogram is empty');
  const micros =
    statistic.kind === 'percentile'
      ? histogram.getValueAtPercentile(statistic.percentile)
      : statistic.kind === 'max'
        ? histogram.maxValue
        : statistic.kind === 'min'
          ? histogram.minNonZeroValue
          : statistic.kind === 'avg'
            ? histogram.mean
            : Number.NaN;
  if (Number.isNaN(micros)) throw new StatisticError('a scalar figure cannot come from a histogram');
  // Whole microseconds, as the histogram stores them, so a figure reads the same before and after a merge.
  const value = convertUnit(Math.round(micros), 'us', unit);
  if (value === undefined) throw new StatisticError(`a latency histogram's figure cannot be given in "${unit}" (use a time unit)`);
  return value;
}
