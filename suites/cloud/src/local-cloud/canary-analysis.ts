import type { Clock, TimerHandle } from '@orch/harness';
import type { LocalService } from './local-service';

export interface CanaryPolicy {
  canaryVersion: string;
  /** Roll back when the canary's error rate passes this (0.01 for the seed's 1%). */
  maxErrorRate: number;
  /** Responses the canary must have served before a verdict (a rate over 3 requests means nothing). */
  minResponses: number;
  intervalMs: number;
}

export interface CanaryVerdict {
  at: number;
  responses: number;
  errors: number;
  errorRate: number;
  action: 'wait' | 'continue' | 'rollback';
}

/**
 * Cloud Run / Argo-style canary analysis: on each interval of an injected clock it reads the
 * balancer's per-version tally of the canary and rolls the canary back once its error rate passes
 * the limit. Errors are counted by the balancer from real responses (5xx or unreachable).
 */
export class CanaryAnalysis {
  readonly verdicts: CanaryVerdict[] = [];
  private timer: TimerHandle | undefined;
  private running: Promise<void> = Promise.resolve();
  rolledBack = false;

  constructor(
    private readonly service: LocalService,
    private readonly policy: CanaryPolicy,
    private readonly clock: Clock,
  ) {}

  start(): void {
    this.timer = this.clock.setInterval(() => {
      this.running = this.running.then(() => this.analyse());
    }, this.policy.intervalMs);
  }

  stop(): void {
    this.timer?.cancel();
  }

  idle(): Promise<void> {
    return this.running;
  }

  private async analyse(): Promise<void> {
    if (this.rolledBack) return;
    const { responses, errors } = this.service.balancer.tally(this.policy.canaryVersion);
    const errorRate = responses === 0 ? 0 : errors / responses;
    const action = responses < this.policy.minResponses ? 'wait' : errorRate > this.policy.maxErrorRate ? 'rollback' : 'continue';
    this.verdicts.push({ at: this.clock.now(), responses, errors, errorRate, action });
    if (action === 'rollback') {
      this.rolledBack = true;
      await this.service.rollbackCanary();
    }
  }
}
