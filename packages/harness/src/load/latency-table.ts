import type { Histogram } from '../histogram/latency-histogram';

export const TABLE_PERCENTILES = [50, 90, 95, 99, 99.9] as const;

export interface LatencyRow {
  statistic: string;
  correctedMs: number;
  uncorrectedMs: number;
}

function at(histogram: Histogram, percentile: number | 'max'): number {
  if (histogram.totalCount === 0) return 0;
  const micros = percentile === 'max' ? histogram.maxValue : histogram.getValueAtPercentile(percentile);
  return Math.round(micros) / 1000;
}

/**
 * Corrected (from each request's intended start) and uncorrected (from its actual send)
 * percentiles side by side: where they part, the server stalled and a closed-loop tool would
 * have hidden it.
 */
export function latencyTable(corrected: Histogram, uncorrected: Histogram): LatencyRow[] {
  const rows: LatencyRow[] = TABLE_PERCENTILES.map((percentile) => ({
    statistic: `p(${percentile})`,
    correctedMs: at(corrected, percentile),
    uncorrectedMs: at(uncorrected, percentile),
  }));
  rows.push({ statistic: 'max', correctedMs: at(corrected, 'max'), uncorrectedMs: at(uncorrected, 'max') });
  return rows;
}

export function formatLatencyTable(rows: LatencyRow[]): string {
  const lines = ['statistic   corrected ms   uncorrected ms'];
  for (const row of rows) {
    lines.push(`${row.statistic.padEnd(10)}  ${row.correctedMs.toFixed(3).padStart(12)}   ${row.uncorrectedMs.toFixed(3).padStart(14)}`);
  }
  return lines.join('\n');
}
