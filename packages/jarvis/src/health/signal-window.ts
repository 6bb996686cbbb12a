import * as hdr from 'hdr-histogram-js';

const HIGHEST_TRACKABLE_MICROSECONDS = 3_600_000_000;
const SLOT_MS = 100;
const PEAK_SPAN_MS = 1_000;

interface Bucket {
  start: number;
  histogram: hdr.Histogram;
  requests: number;
  errors: number;
}

export interface WindowOptions {
  /** Span of the latency and error-rate window (clock ms). */
  windowMs: number;
  /**
   * Span over which the traffic peak is looked for (clock ms). At least the poll interval, so
   * every request between two polls is seen by the second one.
   */
  trafficWindowMs: number;
  /** Bucket width (clock ms). */
  bucketMs: number;
}

function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_TRACKABLE_MICROSECONDS, numberOfSignificantValueDigits: 3, useWebAssembly: false });
}

/**
 * A sliding window of per-bucket HDR histograms and request/error counters for one service.
 * Percentiles are computed by merging the buckets still inside the window (merging histograms is
 * the only correct way to combine percentiles), so old samples age out as the clock moves.
 */
export class SignalWindow {
  private buckets: Bucket[] = [];
  /** Requests per 100 ms slot, for the traffic peak (a sliding second, not a per-second grid). */
  private slots = new Map<number, number>();

  constructor(private readonly options: WindowOptions) {}

  /** A latency sample that is not user traffic (a health probe). */
  recordLatency(at: number, latencyMs: number): void {
    this.bucketAt(at).histogram.recordValue(toMicros(latencyMs));
  }

  /** A proxied request: counts as traffic, and as an error when it failed. */
  recordRequest(at: number, latencyMs: number, failed: boolean): void {
    const bucket = this.bucketAt(at);
    bucket.histogram.recordValue(toMicros(latencyMs));
    bucket.requests += 1;
    if (failed) bucket.errors += 1;
    const slot = Math.floor(at / SLOT_MS) * SLOT_MS;
    this.slots.set(slot, (this.slots.get(slot) ?? 0) + 1);
  }

  latencyP95Ms(now: number): number | null {
    this.prune(now);
    const merged = newHistogram();
    let count = 0;
    for (const bucket of this.buckets) {
      if (bucket.start + this.options.bucketMs <= now - this.options.windowMs) continue;
      merged.add(bucket.histogram);
      count += bucket.histogram.totalCount;
    }
    const p95 = count === 0 ? null : merged.getValueAtPercentile(95) / 1000;
    merged.destroy();
    return p95;
  }

  /**
   * Traffic as the busiest second (sliding, in 100 ms steps) within the traffic window, in
   * requests per second: a 2000 req/s spike between two polls shows as 2000 at the next poll,
   * however long the window, where an average over the window would dilute it.
   */
  trafficRps(now: number): number {
    const span = Math.min(PEAK_SPAN_MS, this.options.trafficWindowMs);
    // Every slot that overlaps the window: a request at the previous poll's instant is still seen.
    const starts = [...this.slots.keys()].filter((start) => start + SLOT_MS > now - this.options.trafficWindowMs && start <= now).sort((a, b) => a - b);
    let peak = 0;
    let sum = 0;
    let tail = 0;
    for (const start of starts) {
      sum += this.slots.get(start)!;
      while (starts[tail]! <= start - span) sum -= this.slots.get(starts[tail++]!)!;
      peak = Math.max(peak, sum);
    }
    return peak / (span / 1000);
  }

  errorRate(now: number): number | null {
    let requests = 0;
    let errors = 0;
    for (const bucket of this.buckets) {
      if (bucket.start + this.options.bucketMs <= now - this.options.windowMs) continue;
      requests += bucket.requests;
      errors += bucket.errors;
    }
    return requests === 0 ? null : errors / requests;
  }

  clear(): void {
    for (const bucket of this.buckets) bucket.histogram.destroy();
    this.buckets = [];
    this.slots.clear();
  }

  private bucketAt(at: number): Bucket {
    const start = Math.floor(at / this.options.bucketMs) * this.options.bucketMs;
    let bucket = this.buckets.find((candidate) => candidate.start === start);
    if (!bucket) {
      bucket = { start, histogram: newHistogram(), requests: 0, errors: 0 };
      this.buckets.push(bucket);
      this.prune(at);
    }
    return bucket;
  }

  private prune(now: number): void {
    const horizon = now - Math.max(this.options.windowMs, this.options.trafficWindowMs) - this.options.bucketMs;
    const kept: Bucket[] = [];
    for (const bucket of this.buckets) {
      if (bucket.start < horizon) bucket.histogram.destroy();
      else kept.push(bucket);
    }
    this.buckets = kept;
    for (const start of this.slots.keys()) if (start < horizon) this.slots.delete(start);
  }
}

function toMicros(ms: number): number {
  return Math.min(HIGHEST_TRACKABLE_MICROSECONDS, Math.max(1, Math.round(ms * 1000)));
}
