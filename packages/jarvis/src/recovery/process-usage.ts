import * as fs from 'node:fs';
import * as os from 'node:os';

const CLOCK_TICKS_PER_SECOND = 100;

export interface CpuSample {
  ticks: number;
  at: number;
}

/** Below this much real time between samples, /proc's 10 ms tick makes a CPU share meaningless. */
export const MIN_CPU_SAMPLE_MS = 1_000;

/**
 * CPU and memory use of a local process from /proc (Linux). CPU is the share of one core used
 * between two samples at least MIN_CPU_SAMPLE_MS apart (null until there are two: a process's
 * start-up burst is not saturation); memory is the resident set as a share of the machine's
 * memory. Undefined where /proc is not available.
 */
export function readProcessUsage(pid: number, previous?: CpuSample): { cpuPercent: number | null; memoryPercent: number; sample: CpuSample } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields are counted after its closing paren.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const now = Date.now();
    const cpuPercent =
      previous && now - previous.at >= MIN_CPU_SAMPLE_MS ? Math.max(0, ((ticks - previous.ticks) / CLOCK_TICKS_PER_SECOND / ((now - previous.at) / 1000)) * 100) : null;
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const memoryPercent = ((rssKb * 1024) / os.totalmem()) * 100;
    return { cpuPercent, memoryPercent, sample: previous && cpuPercent === null ? previous : { ticks, at: now } };
  } catch {
    return undefined;
  }
}
