import * as fs from 'node:fs';

/** Linux reports process times in clock ticks; 100 per second on every kernel we run on (getconf CLK_TCK). */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process has used so far, read from /proc (undefined once it is gone). */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Resident memory of a process in MB, from /proc/<pid>/status. */
export function processResidentMb(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Measures the CPU (in cores) each process uses over a real window: CPU seconds consumed
 * divided by wall seconds elapsed, the way cAdvisor / CloudWatch derive utilisation.
 */
export async function measureCpuCores(pids: number[], windowMs: number): Promise<Map<number, number>> {
  const before = new Map(pids.map((pid) => [pid, processCpuSeconds(pid)]));
  const started = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cores = new Map<number, number>();
  for (const pid of pids) {
    const start = before.get(pid);
    const end = processCpuSeconds(pid);
    if (start !== undefined && end !== undefined) cores.set(pid, (end - start) / elapsedSeconds);
  }
  return cores;
}
