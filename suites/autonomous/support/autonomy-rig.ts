import * as fs from 'node:fs';
import * as path from 'node:path';
import { flushPromises, SimulatedClock } from '@orch/harness';
import {
  AutonomousOperator,
  AutoRecovery,
  type AutonomousOperatorOptions,
  ControlLoop,
  HumanEscalation,
  LearningStore,
  LogWatcher,
  RetryLedger,
  type AuditTrail,
  type SafetyGuard,
} from '@orch/jarvis';
import { safetyRig } from './safety-rig';
import { ServiceFleet } from './service-fleet';

export const START = Date.UTC(2026, 10, 2, 0, 0, 0);
export const INTERVAL_MS = 30_000;

/**
 * The autonomous JARVIS as it runs in production, on a simulated clock: real service processes,
 * HTTP health probes, a log file, the SQLite learning store, the audit trail, auto-recovery and
 * the control loop. Each iteration does its real work; only time is simulated.
 */
export class AutonomyRig {
  private constructor(
    readonly clock: SimulatedClock,
    readonly fleet: ServiceFleet,
    readonly store: LearningStore,
    readonly audit: AuditTrail,
    readonly guard: SafetyGuard,
    readonly operator: AutonomousOperator,
    readonly loop: ControlLoop,
    readonly logFile: string,
    readonly recovery: AutoRecovery,
  ) {}

  static async start(
    directory: string,
    services = ['api', 'producer', 'vocal-coach'],
    options: { escalation?: HumanEscalation; dependencies?: Record<string, string[]>; tasks?: AutonomousOperatorOptions['tasks'] } = {},
  ): Promise<AutonomyRig> {
    const clock = new SimulatedClock(START);
    const fleet = await ServiceFleet.start(services, directory);
    const store = new LearningStore(path.join(directory, 'learning.db'));
    const { audit, guard } = safetyRig(clock, directory);
    const logFile = path.join(directory, 'services.log');
    fs.writeFileSync(logFile, '');
    const recovery = new AutoRecovery({
      clock,
      supervisor: fleet.supervisor,
      isHealthy: fleet.isHealthy,
      ledger: new RetryLedger(path.join(directory, 'retries.json')),
      guard,
      // Without a channel an escalation is attempted and recorded as failed in the audit trail.
      escalation: options.escalation ?? new HumanEscalation({}),
      dependencies: options.dependencies,
    });
    const operator = new AutonomousOperator({
      clock,
      probes: fleet.probes(),
      supervisor: fleet.supervisor,
      logs: new LogWatcher([logFile]),
      recovery,
      record: (events) => store.recordEvents(events),
      tasks: options.tasks,
    });
    const loop = new ControlLoop({ clock, iterate: operator.iterate, intervalMs: INTERVAL_MS, toleranceMs: 2_000, enabled: () => guard.killSwitch.enabled() });
    return new AutonomyRig(clock, fleet, store, audit, guard, operator, loop, logFile, recovery);
  }

  /** Advances simulated time; after each timer it waits (real time) for the iteration it started. */
  async advance(ms: number): Promise<void> {
    await this.clock.advance(ms, async () => {
      await flushPromises(1);
      await this.loop.idle();
    });
  }

  async close(): Promise<void> {
    this.loop.stop();
    await this.loop.idle();
    await this.fleet.close();
    this.store.close();
    this.audit.close();
  }
}

/** Least-squares slope of y over x. */
export function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i += 1) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
