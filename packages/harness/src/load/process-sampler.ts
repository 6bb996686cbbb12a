import * as fs from 'node:fs';

export interface ProcessSample {
  atMs: number;
  rssBytes: number;
  cpuSeconds: number;
}

export interface ProcessUsage {
  pid: number;
  samples: ProcessSample[];
  /** Server CPU time over wall time across the run (1 = one core busy). */
  cpuRatio: number;
  rssStartMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  /** Least-squares slope of RSS over the samples after `settleMs`: a leak is a steady positive slope. */
  rssSlopeMbPerMinute: number;
}

// Linux reports CPU times in clock ticks; USER_HZ is 100 on every Linux ABI Node supports.
const TICKS_PER_SECOND = 100;

/** Reads one sample of a process from /proc; undefined where /proc is not available. */
export function readProcessSample(pid: number): ProcessSample | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { atMs: performance.now(), rssBytes: rssKb * 1024, cpuSeconds: ticks / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

export function canSampleProcesses(): boolean {
  return readProcessSample(process.pid) !== undefined;
}

function slopePerMinute(points: { x: number; y: number }[]): number {
  if (points.length < 2) return 0;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / points.length;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / points.length;
  let numerator = 0;
  let denominator = 0;
  for (const point of points) {
    numerator += (point.x - meanX) * (point.y - meanY);
    denominator += (point.x - meanX) ** 2;
  }
  return denominator === 0 ? 0 : (numerator / denominator) * 60_000;
}

export interface ProcessSampler {
  stop(): ProcessUsage;
}

/** Samples a server process's RSS and CPU every `intervalMs` while a load runs. */
export function sampleProcess(pid: number, options: { intervalMs?: number; settleMs?: number } = {}): ProcessSampler {
  const samples: ProcessSample[] = [];
  const take = (): void => {
    const sample = readProcessSample(pid);
    if (sample) samples.push(sample);
  };
  take();
  const timer = setInterval(take, options.intervalMs ?? 250);
  return {
    stop(): ProcessUsage {
      clearInterval(timer);
      take();
      const first = samples[0];
      const last = samples[samples.length - 1];
      if (!first || !last) throw new Error(`process ${pid} could not be sampled (no /proc?)`);
      const mb = (bytes: number): number => Math.round((bytes / 1_048_576) * 100) / 100;
      const settled = samples.filter((sample) => sample.atMs - first.atMs >= (options.settleMs ?? 0));
      const wallSeconds = Math.max(0.001, (last.atMs - first.atMs) / 1000);
      return {
        pid,
        samples,
        cpuRatio: Math.round(((last.cpuSeconds - first.cpuSeconds) / wallSeconds) * 1000) / 1000,
        rssStartMb: mb(first.rssBytes),
        rssEndMb: mb(last.rssBytes),
        rssMaxMb: mb(Math.max(...samples.map((sample) => sample.rssBytes))),
        rssSlopeMbPerMinute: Math.round(slopePerMinute(settled.map((sample) => ({ x: sample.atMs, y: sample.rssBytes / 1_048_576 }))) * 100) / 100,
      };
    },
  };
}
