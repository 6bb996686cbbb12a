import { realClock, type Clock } from '../clock/clock';
import { JarvisError } from '../errors/jarvis-error';
import { JarvisEvents, type CheckEvent } from '../events/jarvis-events';
import type { ServiceSnapshot } from '../health/service-snapshot';
import { InMemoryActionLog, type ActionLog, type ActionRecord, type RecoveryActionKind } from './action-log';
import { IpDenylist } from './ip-denylist';
import type { ProcessSupervisor } from './process-supervisor';
import type { Scaler } from './scaler';

export interface RecoveryManagerOptions {
  clock?: Clock;
  events?: JarvisEvents;
  actionLog?: ActionLog;
  supervisor?: ProcessSupervisor;
  scaler?: Scaler;
  denylist?: IpDenylist;
  /** Seed: max 3 retry attempts before human escalation. */
  maxAttempts?: number;
  /** A service must have been down this long (confirmed by a recheck) before JARVIS acts. */
  confirmDownMs?: number;
  /** Time an attempt is given to bring the service back before the next one. */
  retryAfterMs?: number;
  maxReplicas?: number;
  scaleCooldownMs?: number;
  /** Kill switch: while it returns false JARVIS records nothing and acts on nothing. */
  enabled?: () => boolean;
  /**
   * Decides whether a restart brought the service back: a spawn is not a recovery, a process
   * that stays up and answers healthy is. Without it a restart that spawned counts as succeeded.
   */
  verify?: (service: string) => Promise<RecoveryVerdict>;
}

export type RecoveryVerdict = { ok: true; detail?: Record<string, unknown> } | { ok: false; reason: string; detail?: Record<string, unknown> };

interface ServiceRecovery {
  attempts: number;
  lastAttemptAt: number | null;
  /** The whole attempt: the restart, then its verification. */
  inProgress: Promise<void> | undefined;
  /** The real-time part of an attempt (stopping and spawning), which `idle()` waits for. */
  acting: Promise<unknown> | undefined;
  escalated: boolean;
  lastScaleAt: number | null;
}

/**
 * Acts on what the aggregator sees, within the seed's 1-5 minutes: restarts a down service
 * through the ProcessSupervisor, scales a saturated or overloaded one, blocks abusive addresses,
 * records every action and outcome, and after `maxAttempts` failed restarts escalates to a human.
 */
export class RecoveryManager {
  readonly events: JarvisEvents;
  readonly actionLog: ActionLog;
  readonly denylist: IpDenylist;
  private readonly clock: Clock;
  private readonly supervisor: ProcessSupervisor | undefined;
  private readonly scaler: Scaler | undefined;
  private readonly maxAttempts: number;
  private readonly confirmDownMs: number;
  private readonly retryAfterMs: number;
  private readonly maxReplicas: number;
  private readonly scaleCooldownMs: number;
  private readonly enabled: () => boolean;
  private readonly verify: RecoveryManagerOptions['verify'];
  private readonly services = new Map<string, ServiceRecovery>();
  private readonly listener = (event: CheckEvent): void => this.onCheck(event.snapshot, event.at);

  constructor(options: RecoveryManagerOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.events = options.events ?? new JarvisEvents();
    this.actionLog = options.actionLog ?? new InMemoryActionLog();
    this.denylist = options.denylist ?? new IpDenylist();
    this.supervisor = options.supervisor;
    this.scaler = options.scaler;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.confirmDownMs = options.confirmDownMs ?? 10_000;
    this.retryAfterMs = options.retryAfterMs ?? 60_000;
    this.maxReplicas = options.maxReplicas ?? 5;
    this.scaleCooldownMs = options.scaleCooldownMs ?? 300_000;
    this.enabled = options.enabled ?? (() => true);
    this.verify = options.verify;
    this.events.on('check', this.listener);
  }

  attempts(service: string): number {
    return this.services.get(service)?.attempts ?? 0;
  }

  escalated(service: string): boolean {
    return this.services.get(service)?.escalated ?? false;
  }

  /**
   * Resolves when no process is being stopped or spawned. A restart's verification waits on the
   * clock (re-probes a second apart), so a caller driving a simulated clock must not wait for it;
   * `settled()` does.
   */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.services.values()].flatMap((state) => (state.acting ? [state.acting] : []));
      if (running.length === 0) return;
      await Promise.allSettled(running);
    }
  }

  /** Resolves when no attempt (restart and its verification) is running. */
  async settled(): Promise<void> {
    for (;;) {
      const running = [...this.services.values()].flatMap((state) => (state.inProgress ? [state.inProgress] : []));
      if (running.length === 0) return;
      await Promise.allSettled(running);
    }
  }

  /** Restarts a service now (also the admin route); counts as an attempt. */
  async restart(service: string, reason = 'manual'): Promise<ActionRecord> {
    if (!this.supervisor?.has(service)) throw new JarvisError('RECOVERY_UNAVAILABLE', `no process is configured for service "${service}"`, { service });
    const state = this.stateOf(service);
    if (state.inProgress) await state.inProgress;
    let last: ActionRecord | undefined;
    const run = this.runRestart(service, state, reason).then((record) => {
      last = record;
    });
    state.inProgress = run.finally(() => {
      state.inProgress = undefined;
    });
    await state.inProgress;
    return last!;
  }

  /** Adds an address to the gateway denylist, recorded like any other action. */
  blockIp(ip: string, reason: string): ActionRecord {
    const at = this.clock.now();
    this.record('gateway', 'block-ip', 'started', 0, { ip, reason });
    this.denylist.block(ip, reason, at);
    return this.record('gateway', 'block-ip', 'succeeded', 0, { ip, reason });
  }

  close(): void {
    this.events.off('check', this.listener);
  }

  private stateOf(service: string): ServiceRecovery {
    let state = this.services.get(service);
    if (!state) {
      state = { attempts: 0, lastAttemptAt: null, inProgress: undefined, acting: undefined, escalated: false, lastScaleAt: null };
      this.services.set(service, state);
    }
    return state;
  }

  private onCheck(snapshot: ServiceSnapshot, at: number): void {
    if (!this.enabled()) return;
    const state = this.stateOf(snapshot.name);
    if (snapshot.status === 'healthy') {
      // A recovered service starts afresh: its next outage gets the full number of attempts.
      state.attempts = 0;
      state.lastAttemptAt = null;
      state.escalated = false;
      return;
    }
    if (state.inProgress) return;
    const capacityProblem = snapshot.probe?.ok === true && (snapshot.levels.traffic !== 'ok' || snapshot.levels.saturation !== 'ok');
    if (capacityProblem && (snapshot.status === 'degraded' || snapshot.status === 'down')) {
      this.maybeScale(snapshot, state, at);
      return;
    }
    if (snapshot.status !== 'down' || snapshot.since === null || at - snapshot.since < this.confirmDownMs) return;
    if (state.escalated) return;
    if (state.lastAttemptAt !== null && at - state.lastAttemptAt < this.retryAfterMs) return;
    if (state.attempts >= this.maxAttempts || !this.supervisor?.has(snapshot.name)) {
      state.escalated = true;
      const reason =
        state.attempts >= this.maxAttempts ? `${state.attempts} restart attempts did not bring ${snapshot.name} back` : `no restart adapter is configured for ${snapshot.name}`;
      this.record(snapshot.name, 'escalate', 'succeeded', state.attempts, { reason, status: snapshot.status, reasons: snapshot.reasons });
      this.events.emit('escalation', { service: snapshot.name, at, attempts: state.attempts, reason });
      return;
    }
    state.inProgress = this.runRestart(snapshot.name, state, snapshot.reasons.join('; '))
      .then(() => undefined)
      .finally(() => {
        state.inProgress = undefined;
      });
  }

  private async runRestart(service: string, state: ServiceRecovery, reason: string): Promise<ActionRecord> {
    state.attempts += 1;
    state.lastAttemptAt = this.clock.now();
    const attempt = state.attempts;
    this.record(service, 'restart', 'started', attempt, { reason });
    let pid: number | undefined;
    let restarts: number;
    try {
      const restarting = this.supervisor!.restart(service);
      state.acting = restarting;
      ({ pid, restarts } = await restarting);
    } catch (error) {
      return this.record(service, 'restart', 'failed', attempt, { error: (error as Error).message });
    } finally {
      state.acting = undefined;
    }
    if (!this.verify) return this.record(service, 'restart', 'succeeded', attempt, { pid, restarts });
    const verdict = await this.verify(service).catch((error: Error): RecoveryVerdict => ({ ok: false, reason: `verification failed: ${error.message}` }));
    if (verdict.ok) return this.record(service, 'restart', 'succeeded', attempt, { pid, restarts, ...verdict.detail });
    return this.record(service, 'restart', 'failed', attempt, { pid, restarts, error: verdict.reason, ...verdict.detail });
  }

  private maybeScale(snapshot: ServiceSnapshot, state: ServiceRecovery, at: number): void {
    if (!this.scaler) return;
    if (state.lastScaleAt !== null && at - state.lastScaleAt < this.scaleCooldownMs) return;
    const from = this.scaler.replicas(snapshot.name);
    if (from >= this.maxReplicas) return;
    state.lastScaleAt = at;
    const to = from + 1;
    const detail = { from, to, reasons: snapshot.reasons };
    this.record(snapshot.name, 'scale', 'started', 0, detail);
    state.inProgress = this.scaler
      .scale(snapshot.name, to)
      .then(
        () => void this.record(snapshot.name, 'scale', 'succeeded', 0, detail),
        (error: Error) => void this.record(snapshot.name, 'scale', 'failed', 0, { ...detail, error: error.message }),
      )
      .finally(() => {
        state.inProgress = undefined;
      });
  }

  private record(service: string, action: RecoveryActionKind, phase: ActionRecord['phase'], attempt: number, detail: Record<string, unknown>): ActionRecord {
    const record = this.actionLog.append({ at: this.clock.now(), service, action, phase, attempt, detail });
    if (action !== 'escalate') this.events.emit('recovery', { phase, service, action, attempt, at: record.at, record });
    return record;
  }
}
