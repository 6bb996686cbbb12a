import { createLatencyHistogram, decodeHistogram, encodeHistogram, mergeHistograms, percentileMs, recordMilliseconds, summarizeLatency } from '../src';

describe('latency histograms', () => {
  it('merges shards so percentiles equal those of one histogram of every sample', () => {
    const all = createLatencyHistogram();
    const shards = [createLatencyHistogram(), createLatencyHistogram(), createLatencyHistogram()];
    for (let index = 0; index < 3000; index += 1) {
      const latency = index % 3 === 0 ? 5 + (index % 97) : index % 3 === 1 ? 40 + (index % 13) : 150 + (index % 7);
      recordMilliseconds(all, latency);
      recordMilliseconds(shards[index % 3]!, latency);
    }
    const merged = mergeHistograms(shards.map((shard) => decodeHistogram(encodeHistogram(shard))));
    for (const percentile of [50, 95, 99]) {
      expect(percentileMs(merged, percentile)).toBe(percentileMs(all, percentile));
    }
    // Averaging the shards' p95 would be wrong; the merged figure is the true one.
    const averaged = shards.reduce((sum, shard) => sum + percentileMs(shard, 95), 0) / shards.length;
    expect(averaged).not.toBeCloseTo(percentileMs(all, 95), 0);
  });

  it('summarises in milliseconds with microsecond resolution', () => {
    const histogram = createLatencyHistogram();
    recordMilliseconds(histogram, 0.25);
    recordMilliseconds(histogram, 12.5);
    const summary = summarizeLatency(histogram);
    expect(summary.count).toBe(2);
    expect(summary.minMs).toBe(0.25);
    expect(summary.maxMs).toBeCloseTo(12.5, 1);
    expect(summarizeLatency(createLatencyHistogram()).count).toBe(0);
  });
});
