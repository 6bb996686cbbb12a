import type { Clock } from '../clock/clock';
import type { HumanEscalation } from '../notify/human-escalation';
import type { ProcessSupervisor } from '../recovery/process-supervisor';
import type { SafetyGuard } from '../safety/safety-guard';
import { dependencyOrder } from './dependency-order';
import { verifyRestart, type VerifyOptions } from './restart-verifier';
import type { RetryLedger } from './retry-ledger';

export interface AutoRecoveryOptions {
  clock: Clock;
  supervisor: ProcessSupervisor;
  isHealthy: (service: string) => Promise<boolean>;
  ledger: RetryLedger;
  guard: SafetyGuard;
  escalation: HumanEscalation;
  /** service → the services it needs (restarted first). */
  dependencies?: Record<string, string[]>;
  /** Seed: max 3 retry attempts before human escalation. */
  maxAttempts?: number;
  verify?: VerifyOptions;
}

export type RecoveryStepKind = 'restarted' | 'restart-failed' | 'escalated' | 'waiting-for-dependency' | 'awaiting-human' | 'blocked' | 'reset';

export interface RecoveryStep {
  service: string;
  kind: RecoveryStepKind;
  attempt: number;
  at: number;
  reason: string;
}

/**
 * The autonomous restart policy, one step per control-loop iteration: a down service gets at
 * most one restart attempt per iteration, verified (running and healthy, and staying so); after
 * `maxAttempts` failed attempts a human is called and JARVIS stops restarting it until it is
 * healthy again. With several services down, dependencies are restarted first and a dependent
 * waits while what it needs is still down, so a cascade costs one attempt per service at a time.
 */
export class AutoRecovery {
  readonly steps: RecoveryStep[] = [];
  private readonly maxAttempts: number;

  constructor(private readonly options: AutoRecoveryOptions) {
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  /** `healthy` maps every managed service to whether it answered healthy in this iteration. */
  async handle(healthy: Record<string, boolean>): Promise<RecoveryStep[]> {
    const { ledger } = this.options;
    const steps: RecoveryStep[] = [];
    const up = new Set(Object.entries(healthy).flatMap(([service, ok]) => (ok ? [service] : [])));
    for (const service of up) {
      if (ledger.reset(service)) steps.push(this.step(service, 'reset', 0, 'healthy again: retry count reset'));
    }
    const down = dependencyOrder(
      Object.keys(healthy).filter((service) => !up.has(service)),
      this.options.dependencies ?? {},
    );
    for (const service of down) {
      const waitingOn = (this.options.dependencies?.[service] ?? []).filter((dependency) => dependency in healthy && !up.has(dependency));
      if (waitingOn.length > 0) {
        steps.push(this.step(service, 'waiting-for-dependency', ledger.get(service).attempts, `waits for ${waitingOn.join(', ')}`));
        continue;
      }
      const step = await this.recoverOne(service);
      steps.push(...step);
      if (step.some((s) => s.kind === 'restarted')) up.add(service);
    }
    this.steps.push(...steps);
    return steps;
  }

  private async recoverOne(service: string): Promise<RecoveryStep[]> {
    const { ledger, guard, supervisor } = this.options;
    const state = ledger.get(service);
    if (state.escalated) return [this.step(service, 'awaiting-human', state.attempts, 'escalated; no further automatic restarts')];
    if (state.attempts >= this.maxAttempts) return [await this.escalate(service, state.attempts, 'attempt budget already used')];
    const attempt = state.attempts + 1;
    try {
      guard.authorize({ command: 'restart-service', actor: 'auto-recovery', target: service, detail: { attempt } });
    } catch (error) {
      return [this.step(service, 'blocked', state.attempts, (error as Error).message)];
    }
    // Counted before acting, so a JARVIS crash in the middle of a restart still uses the attempt.
    ledger.recordAttempt(service, this.options.clock.now());
    guard.audit.append({ actor: 'auto-recovery', operation: 'restart-service', target: service, outcome: 'started', detail: { attempt } });
    let reason: string;
    try {
      await supervisor.restart(service);
      const verification = await verifyRestart(service, supervisor, this.options.isHealthy, this.options.verify);
      reason = verification.reason;
      if (verification.ok) {
        guard.audit.append({ actor: 'auto-recovery', operation: 'restart-service', target: service, outcome: 'succeeded', detail: { attempt, pid: verification.pid } });
        ledger.reset(service);
        return [this.step(service, 'restarted', attempt, reason)];
      }
    } catch (error) {
      reason = (error as Error).message;
    }
    guard.audit.append({ actor: 'auto-recovery', operation: 'restart-service', target: service, outcome: 'failed', detail: { attempt, reason } });
    const failed = this.step(service, 'restart-failed', attempt, reason);
    if (attempt < this.maxAttempts) return [failed];
    return [failed, await this.escalate(service, attempt, reason)];
  }

  private async escalate(service: string, attempts: number, reason: string): Promise<RecoveryStep> {
    const at = this.options.clock.now();
    this.options.ledger.markEscalated(service);
    try {
      const channels = await this.options.escalation.escalate({ service, attempts, reason, at });
      this.options.guard.audit.append({ actor: 'auto-recovery', operation: 'escalate', target: service, outcome: 'succeeded', detail: { attempts, reason, channels } });
    } catch (error) {
      this.options.guard.audit.append({
        actor: 'auto-recovery',
        operation: 'escalate',
        target: service,
        outcome: 'failed',
        detail: { attempts, reason, error: (error as Error).message },
      });
    }
    return this.step(service, 'escalated', attempts, reason);
  }

  private step(service: string, kind: RecoveryStepKind, attempt: number, reason: string): RecoveryStep {
    return { service, kind, attempt, at: this.options.clock.now(), reason };
  }
}
