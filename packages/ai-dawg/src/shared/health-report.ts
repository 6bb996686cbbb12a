import * as os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { withTimeout } from '../errors/dependency-call';
import type { Clock } from './clock';

export interface DependencyCheck {
  name: string;
  check: () => Promise<unknown>;
}

export interface DependencyStatus {
  name: string;
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  service: string;
  status: 'healthy' | 'unhealthy';
  uptimeSeconds: number;
  timestamp: string;
  saturation: {
    /** Flat figures a monitor reads without knowing this shape (JARVIS picks `cpuPercent` / `memoryPercent`). */
    cpuPercent: number;
    memoryPercent: number;
    memory: { rssBytes: number; heapUsedBytes: number; heapLimitBytes: number; heapUsedRatio: number; systemUsedRatio: number };
    cpu: { processRatio: number; cores: number; loadAverage1m: number };
    eventLoopDelayMs: { p50: number; p99: number; max: number };
  };
  dependencies: DependencyStatus[];
}

/**
 * Builds the `/health` body: liveness plus the saturation figures (the fourth golden signal)
 * and a timed check of each dependency. JARVIS polls it; 503 when a dependency is down.
 */
export class HealthReporter {
  private readonly startedAt: number;
  private lastCpu = process.cpuUsage();
  private lastCpuAt: number;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });

  constructor(
    private readonly service: string,
    private readonly dependencies: DependencyCheck[],
    private readonly clock: Clock,
    private readonly checkTimeoutMs = 1_000,
  ) {
    this.startedAt = clock.now();
    this.lastCpuAt = clock.now();
    this.loopDelay.enable();
  }

  async report(): Promise<HealthReport> {
    const dependencies = await Promise.all(this.dependencies.map((dependency) => this.check(dependency)));
    const now = this.clock.now();
    const cpu = process.cpuUsage(this.lastCpu);
    const elapsedMicros = Math.max(1, (now - this.lastCpuAt) * 1000);
    this.lastCpu = process.cpuUsage();
    this.lastCpuAt = now;
    const heap = getHeapStatistics();
    const memory = process.memoryUsage();
    const cores = os.availableParallelism();
    const nanosToMs = (value: number): number => (Number.isFinite(value) ? Math.round(value / 1e4) / 100 : 0);
    const report: HealthReport = {
      service: this.service,
      status: dependencies.every((dependency) => dependency.status === 'up') ? 'healthy' : 'unhealthy',
      uptimeSeconds: Math.round((now - this.startedAt) / 10) / 100,
      timestamp: new Date(now).toISOString(),
      saturation: {
        cpuPercent: Number((Math.min(1, (cpu.user + cpu.system) / elapsedMicros / cores) * 100).toFixed(2)),
        memoryPercent: Number(((memory.rss / os.totalmem()) * 100).toFixed(2)),
        memory: {
          rssBytes: memory.rss,
          heapUsedBytes: heap.used_heap_size,
          heapLimitBytes: heap.heap_size_limit,
          heapUsedRatio: Number((heap.used_heap_size / heap.heap_size_limit).toFixed(4)),
          systemUsedRatio: Number((1 - os.freemem() / os.totalmem()).toFixed(4)),
        },
        cpu: {
          processRatio: Number(Math.min(1, (cpu.user + cpu.system) / elapsedMicros / cores).toFixed(4)),
          cores,
          loadAverage1m: os.loadavg()[0] ?? 0,
        },
        eventLoopDelayMs: { p50: nanosToMs(this.loopDelay.percentile(50)), p99: nanosToMs(this.loopDelay.percentile(99)), max: nanosToMs(this.loopDelay.max) },
      },
      dependencies,
    };
    this.loopDelay.reset();
    return report;
  }

  close(): void {
    this.loopDelay.disable();
  }

  private async check(dependency: DependencyCheck): Promise<DependencyStatus> {
    const started = performance.now();
    try {
      await withTimeout(dependency.check(), this.checkTimeoutMs, () => new Error(`no answer within ${this.checkTimeoutMs} ms`));
      return { name: dependency.name, status: 'up', latencyMs: Math.round((performance.now() - started) * 100) / 100 };
    } catch (error) {
      return { name: dependency.name, status: 'down', latencyMs: Math.round((performance.now() - started) * 100) / 100, error: (error as Error).message || String(error) };
    }
  }
}
