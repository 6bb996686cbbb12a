import { AutonomousOperator, httpServiceProbe, type SystemState } from '../autonomy/autonomous-operator';
import { ControlLoop } from '../autonomy/control-loop';
import { LogWatcher } from '../autonomy/log-watcher';
import type { Clock } from '../clock/clock';
import type { MonitoredService } from '../health/monitored-service';
import { LearningStore } from '../learning/learning-store';
import type { ProcessSupervisor } from '../recovery/process-supervisor';
import type { KillSwitch } from '../safety/kill-switch';

/** The zero-touch loop of a running JARVIS (off unless configured). */
export interface AutonomyOptions {
  /** Seed: every 30 s. */
  intervalMs?: number;
  /** Seed: ±2 s; a later start is recorded as late. */
  toleranceMs?: number;
  /** Service log files scanned each iteration for new error lines. */
  logFiles?: string[];
  /** SQLite file of the learning store; without it observations are not remembered. */
  learningStorePath?: string;
  /** Per-probe timeout of the loop's own health checks (default 2 s). */
  probeTimeoutMs?: number;
}

export interface AutonomyStatus {
  running: boolean;
  intervalMs: number;
  iterations: number;
  late: number;
  overlaps: number;
  errors: number;
  lastIteration: { index: number; startedAt: string; workMs: number; actions: number; paused: boolean } | null;
  lastState: SystemState | null;
  learningEvents: number | null;
}

export interface AutonomyRuntime {
  readonly loop: ControlLoop;
  readonly operator: AutonomousOperator;
  readonly store: LearningStore | undefined;
  start(): void;
  stop(): void;
  status(): AutonomyStatus;
  close(): Promise<void>;
}

interface AutonomyParts {
  clock: Clock;
  services: readonly MonitoredService[];
  supervisor: ProcessSupervisor;
  killSwitch: KillSwitch;
}

/**
 * Wires the control loop into a running JARVIS: each iteration probes every monitored service
 * over HTTP, reads the supervisor's process table, scans the log files and JARVIS's memory, and
 * records what it saw in the learning store. Restarts stay with the recovery manager, which acts
 * on the aggregator's confirmed verdicts; both obey the same kill switch, which this loop also
 * honours (an iteration with automation off is recorded as paused).
 */
export function createAutonomyRuntime(parts: AutonomyParts, options: AutonomyOptions): AutonomyRuntime {
  const store = options.learningStorePath ? new LearningStore(options.learningStorePath) : undefined;
  const operator = new AutonomousOperator({
    clock: parts.clock,
    probes: parts.services.map((service) => httpServiceProbe(service.name, service.healthUrl, options.probeTimeoutMs)),
    supervisor: parts.supervisor,
    logs: options.logFiles?.length ? new LogWatcher(options.logFiles) : undefined,
    record: store ? (events) => store.recordEvents(events) : undefined,
  });
  const intervalMs = options.intervalMs ?? 30_000;
  const loop = new ControlLoop({ clock: parts.clock, iterate: operator.iterate, intervalMs, toleranceMs: options.toleranceMs, enabled: () => parts.killSwitch.enabled() });
  return {
    loop,
    operator,
    store,
    start: () => loop.start(),
    stop: () => loop.stop(),
    status: () => statusOf(loop, operator, store, intervalMs),
    async close() {
      loop.stop();
      await loop.idle();
      store?.close();
    },
  };
}

function statusOf(loop: ControlLoop, operator: AutonomousOperator, store: LearningStore | undefined, intervalMs: number): AutonomyStatus {
  const count = loop.timings.length;
  const last = count > 0 ? loop.timings.at(count - 1) : undefined;
  return {
    running: loop.started,
    intervalMs,
    iterations: count,
    late: loop.timings.lateCount(),
    overlaps: loop.overlapCount(),
    errors: loop.errors.length,
    lastIteration: last ? { index: last.index, startedAt: new Date(last.startedAt).toISOString(), workMs: last.workMs, actions: last.actions, paused: last.paused } : null,
    lastState: operator.lastState ?? null,
    // A closed store (JARVIS shut down) is not read: the status still answers.
    learningEvents: store?.db.open ? store.count() : null,
  };
}
