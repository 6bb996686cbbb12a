import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock/clock';
import type { LearningEvent } from '../learning/learning-event';
import type { ProcessSupervisor } from '../recovery/process-supervisor';
import type { AutoRecovery } from './auto-recovery';
import type { IterationContext, IterationResult } from './control-loop';
import type { LogScan, LogWatcher } from './log-watcher';

export interface ServiceProbe {
  name: string;
  /** Answers whether the service is healthy now, and how long it took (real ms). */
  check(): Promise<{ healthy: boolean; latencyMs: number }>;
}

export interface SystemState {
  at: number;
  health: Record<string, { healthy: boolean; latencyMs: number }>;
  services: Record<string, { running: boolean; pid: number | undefined; restarts: number }>;
  logs: LogScan;
  memory: { rssMb: number; heapUsedMb: number };
}

export interface AutonomousOperatorOptions {
  clock: Clock;
  probes: ServiceProbe[];
  supervisor?: ProcessSupervisor;
  logs?: LogWatcher;
  recovery?: AutoRecovery;
  /** Where observations go (the learning store). */
  record?: (events: LearningEvent[]) => void;
  /** Further periodic duties (deployment watch, optimizers); each returns the actions it took. */
  tasks?: Array<(context: IterationContext, state: SystemState) => Promise<number>>;
}

/**
 * One control-loop iteration: read the system state (health of every service, their processes,
 * new log lines, JARVIS's own memory), remember it, and — only while automation is enabled —
 * decide and take actions.
 */
export class AutonomousOperator {
  lastState: SystemState | undefined;
  readonly checks = { health: 0, services: 0, logs: 0, memory: 0 };

  constructor(private readonly options: AutonomousOperatorOptions) {}

  readonly iterate = async (context: IterationContext): Promise<IterationResult> => {
    const state = await this.observe();
    this.lastState = state;
    this.options.record?.(
      Object.entries(state.health).map(([service, health]) => ({
        at: state.at,
        kind: health.healthy ? 'health-ok' : 'health-fail',
        service,
        endpoint: '/health',
        latencyMs: health.latencyMs,
        ok: health.healthy,
      })),
    );
    if (!context.automationEnabled) return { actions: 0 };
    let actions = 0;
    if (this.options.recovery) {
      const healthy = Object.fromEntries(Object.entries(state.health).map(([service, health]) => [service, health.healthy]));
      const steps = await this.options.recovery.handle(healthy);
      actions += steps.filter((step) => step.kind === 'restarted' || step.kind === 'restart-failed' || step.kind === 'escalated').length;
    }
    for (const task of this.options.tasks ?? []) actions += await task(context, state);
    return { actions };
  };

  async observe(): Promise<SystemState> {
    const at = this.options.clock.now();
    const health: SystemState['health'] = {};
    await Promise.all(
      this.options.probes.map(async (probe) => {
        health[probe.name] = await probe.check().catch(() => ({ healthy: false, latencyMs: 0 }));
      }),
    );
    this.checks.health += 1;
    const services: SystemState['services'] = {};
    for (const probe of this.options.probes) {
      const info = this.options.supervisor?.info(probe.name);
      if (info) services[probe.name] = { running: info.running, pid: info.pid, restarts: info.restarts };
    }
    this.checks.services += 1;
    const logs = this.options.logs?.scan() ?? { newLines: 0, errorLines: 0, lastError: null };
    this.checks.logs += 1;
    const usage = process.memoryUsage();
    this.checks.memory += 1;
    return { at, health, services, logs, memory: { rssMb: usage.rss / 1_048_576, heapUsedMb: usage.heapUsed / 1_048_576 } };
  }
}

/**
 * A probe that GETs a health URL and treats 2xx as healthy. node:http with a keep-alive agent
 * rather than fetch: the loop probes every service every 30 s for days, and reusing the
 * connection makes a probe several times cheaper (idle sockets are unref'd by the agent).
 */
export function httpServiceProbe(name: string, url: string, timeoutMs = 2_000): ServiceProbe {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  return {
    name,
    check() {
      const started = performance.now();
      return new Promise((resolve) => {
        const done = (healthy: boolean): void => resolve({ healthy, latencyMs: performance.now() - started });
        const request = http.get(url, { agent, timeout: timeoutMs }, (response) => {
          response.resume();
          response.once('end', () => done((response.statusCode ?? 500) >= 200 && (response.statusCode ?? 500) < 300));
          response.once('error', () => done(false));
        });
        request.once('timeout', () => request.destroy(new Error('probe timeout')));
        request.once('error', () => done(false));
      });
    },
  };
}
