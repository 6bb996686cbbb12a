export interface MeasuredUsage {
  /** CPU in cores, one sample per replica per measurement window. */
  cpuCores: number[];
  memoryMb: number[];
}

export interface TaskSize {
  cpuUnits: number;
  memoryMb: number;
}

export interface Recommendation {
  current: TaskSize;
  recommended: TaskSize;
  cpuP95Percent: number;
  memoryPeakPercent: number;
  reason: string;
}

/** Fargate's valid CPU / memory pairs (a task size must be one of them). */
const FARGATE_SIZES: TaskSize[] = [
  ...[512, 1024, 2048].map((memoryMb) => ({ cpuUnits: 256, memoryMb })),
  ...[1024, 2048, 3072, 4096].map((memoryMb) => ({ cpuUnits: 512, memoryMb })),
  ...[2048, 3072, 4096, 5120, 6144, 7168, 8192].map((memoryMb) => ({ cpuUnits: 1024, memoryMb })),
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * Compute Optimizer-style rightsizing from measured usage: the smallest valid Fargate size that
 * keeps p95 CPU under 70% and peak memory under 70% of the reservation (headroom for spikes).
 */
export function rightsizeFargateTask(current: TaskSize, measured: MeasuredUsage, headroom = 0.7): Recommendation {
  const cpuP95 = percentile(measured.cpuCores, 95);
  const memoryPeak = Math.max(...measured.memoryMb);
  const fits = (size: TaskSize): boolean => cpuP95 <= (size.cpuUnits / 1024) * headroom && memoryPeak <= size.memoryMb * headroom;
  const candidates = FARGATE_SIZES.filter(fits).sort((a, b) => a.cpuUnits - b.cpuUnits || a.memoryMb - b.memoryMb);
  const recommended = candidates[0] ?? FARGATE_SIZES[FARGATE_SIZES.length - 1];
  const cpuP95Percent = (cpuP95 / (current.cpuUnits / 1024)) * 100;
  const memoryPeakPercent = (memoryPeak / current.memoryMb) * 100;
  const same = recommended.cpuUnits === current.cpuUnits && recommended.memoryMb === current.memoryMb;
  const reason = same
    ? `keep ${current.cpuUnits}/${current.memoryMb}: p95 CPU ${cpuP95Percent.toFixed(0)}%, peak memory ${memoryPeakPercent.toFixed(0)}% of the reservation`
    : `${current.cpuUnits}/${current.memoryMb} → ${recommended.cpuUnits}/${recommended.memoryMb}: p95 CPU ${cpuP95Percent.toFixed(0)}%, peak memory ${memoryPeakPercent.toFixed(0)}% of the reservation`;
  return { current, recommended, cpuP95Percent, memoryPeakPercent, reason };
}
