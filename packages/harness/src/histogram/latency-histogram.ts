import * as hdr from 'hdr-histogram-js';

/** Latencies are recorded in microseconds; one hour is the ceiling, three significant digits. */
const HIGHEST_TRACKABLE_MICROSECONDS = 3_600_000_000;

export type Histogram = hdr.Histogram;

export function createLatencyHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_MICROSECONDS,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Records a duration given in milliseconds (fractions allowed) as whole microseconds. */
export function recordMilliseconds(histogram: Histogram, milliseconds: number): void {
  const micros = Math.min(HIGHEST_TRACKABLE_MICROSECONDS, Math.max(1, Math.round(milliseconds * 1000)));
  histogram.recordValue(micros);
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded, 32, false);
  const histogram = createLatencyHistogram();
  histogram.add(decoded);
  return histogram;
}

/** Merges histograms (the only correct way to combine percentiles from shards or workers). */
export function mergeHistograms(histograms: Iterable<Histogram>): Histogram {
  const merged = createLatencyHistogram();
  for (const histogram of histograms) merged.add(histogram);
  return merged;
}

export interface LatencySummary {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function summarizeLatency(histogram: Histogram): LatencySummary {
  const toMs = (micros: number): number => Math.round(micros) / 1000;
  if (histogram.totalCount === 0) {
    return { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 };
  }
  return {
    count: histogram.totalCount,
    minMs: toMs(histogram.minNonZeroValue),
    meanMs: toMs(histogram.mean),
    p50Ms: toMs(histogram.getValueAtPercentile(50)),
    p90Ms: toMs(histogram.getValueAtPercentile(90)),
    p95Ms: toMs(histogram.getValueAtPercentile(95)),
    p99Ms: toMs(histogram.getValueAtPercentile(99)),
    maxMs: toMs(histogram.maxValue),
  };
}

/** Percentile in milliseconds (e.g. `percentileMs(h, 95)`). */
export function percentileMs(histogram: Histogram, percentile: number): number {
  if (histogram.totalCount === 0) return 0;
  return Math.round(histogram.getValueAtPercentile(percentile)) / 1000;
}
