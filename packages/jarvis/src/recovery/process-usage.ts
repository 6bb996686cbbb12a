import * as fs from 'node:fs';
import * as os from 'node:os';

const CLOCK_TICKS_PER_SECOND = 100;

export interface CpuSample {
  ticks: number;
  at: number;
}

/**
 * CPU and memory use of a local process from /proc (Linux). CPU is the share of one core used
 * since the previous sample (or since the process started, for the first one); memory is the
 * resident set as a share of the machine's memory. Undefined where /proc is not available.
 */
export function readProcessUsage(pid: number, previous?: CpuSample): { cpuPercent: number; memoryPercent: number; sample: CpuSample } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields are counted after its closing paren.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const startTicks = Number(fields[19]);
    const uptimeSeconds = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    const now = Date.now();
    let cpuPercent: number;
    if (previous && now > previous.at) {
      cpuPercent = ((ticks - previous.ticks) / CLOCK_TICKS_PER_SECOND / ((now - previous.at) / 1000)) * 100;
    } else {
      const aliveSeconds = uptimeSeconds - startTicks / CLOCK_TICKS_PER_SECOND;
      cpuPercent = aliveSeconds > 0 ? (ticks / CLOCK_TICKS_PER_SECOND / aliveSeconds) * 100 : 0;
    }
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const memoryPercent = ((rssKb * 1024) / os.totalmem()) * 100;
    return { cpuPercent: Math.max(0, cpuPercent), memoryPercent, sample: { ticks, at: now } };
  } catch {
    return undefined;
  }
}
