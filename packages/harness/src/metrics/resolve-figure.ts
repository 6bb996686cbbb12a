import { decodeHistogram, encodeHistogram, type Histogram } from '../histogram/latency-histogram';
import { isDistribution, statisticOf, statisticOfHistogram, statisticOfSamples, StatisticError } from '../slo/statistic';
import { parseThreshold } from '../slo/threshold';

export interface FigureInput {
  unit: string;
  /** A single measured figure; for `value`, `rate`, `count` and `saturation` thresholds. */
  value?: number;
  /** Raw observations in `unit`; the harness computes `p(N)`, `max`, `min` or `avg` from them. */
  samples?: readonly number[];
  /** An HDR latency histogram (or its base64 encoding); `unit` must then be a time unit. */
  histogram?: Histogram | string;
}

export interface ResolvedFigure {
  value: number;
  histogram?: string;
  samples?: number[];
}

/**
 * The figure a metric reports. Distribution statistics are computed from the recorded data, never
 * accepted as a number the test worked out, so the same threshold means the same statistic here
 * and after a shard merge. Samples travel as they are (a merge pools them and recomputes exactly);
 * a histogram travels encoded (a merge adds them up).
 */
export function resolveFigure(input: FigureInput & { name?: string }, threshold: string | undefined): ResolvedFigure {
  const decoded = typeof input.histogram === 'string' ? decodeHistogram(input.histogram) : input.histogram;
  const statistic = threshold ? statisticOf(parseThreshold(threshold).aggregate) : undefined;
  const label = input.name ? `${input.name}: ` : '';
  if (statistic && isDistribution(statistic)) {
    if (decoded) return { value: statisticOfHistogram(statistic, decoded, input.unit), histogram: encodeHistogram(decoded) };
    if (input.samples) return { value: statisticOfSamples(statistic, input.samples), samples: [...input.samples] };
    throw new StatisticError(`${label}${threshold} is a statistic of a distribution: pass samples or a histogram, not a bare value`);
  }
  if (input.value === undefined) throw new StatisticError(`${label}a figure needs a value${threshold ? ` for ${threshold}` : ''}`);
  return {
    value: input.value,
    ...(decoded ? { histogram: encodeHistogram(decoded) } : {}),
    ...(input.samples ? { samples: [...input.samples] } : {}),
  };
}
