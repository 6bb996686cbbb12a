import * as os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The load generator's own health over a run: a busy generator makes the server look slow. */
export interface GeneratorHealth {
  /** CPU time of this process over wall time (1 = one core fully busy). */
  cpuRatio: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  cores: number;
  /** True when the target runs on this machine: generator and server compete for the same cores. */
  sharesMachineWithTarget: boolean;
  /** Why the figures may be the generator's rather than the server's, empty when healthy. */
  warnings: string[];
}

/** Loopback or this host's own name: the target shares the generator's machine. */
export function isLocalTarget(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || host.startsWith('127.') || host === os.hostname() || host === '0.0.0.0';
}

/** Generator CPU above this share of one core means percentiles may include our own queueing. */
const BUSY_CPU_RATIO = 0.9;
const SLOW_EVENT_LOOP_MS = 50;

export interface GeneratorProbe {
  stop(): GeneratorHealth;
}

export function startGeneratorProbe(baseUrl: string): GeneratorProbe {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  return {
    stop(): GeneratorHealth {
      delay.disable();
      const cpu = process.cpuUsage(cpuStart);
      const wallMs = Math.max(1, performance.now() - wallStart);
      const cpuRatio = (cpu.user + cpu.system) / 1000 / wallMs;
      const eventLoopDelayP99Ms = delay.percentile(99) / 1e6;
      const eventLoopDelayMaxMs = delay.max / 1e6;
      const sharesMachineWithTarget = isLocalTarget(baseUrl);
      const warnings: string[] = [];
      if (cpuRatio > BUSY_CPU_RATIO) warnings.push(`generator CPU ${(cpuRatio * 100).toFixed(0)}% of a core: latencies may include the generator's own queueing`);
      if (eventLoopDelayP99Ms > SLOW_EVENT_LOOP_MS) warnings.push(`generator event-loop delay p99 ${eventLoopDelayP99Ms.toFixed(1)} ms`);
      if (sharesMachineWithTarget) warnings.push(`generator and server share this machine (${os.cpus().length} cores)`);
      return {
        cpuRatio: round(cpuRatio),
        eventLoopDelayP99Ms: round(eventLoopDelayP99Ms),
        eventLoopDelayMaxMs: round(eventLoopDelayMaxMs),
        cores: os.cpus().length,
        sharesMachineWithTarget,
        warnings,
      };
    },
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
