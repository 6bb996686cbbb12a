import type { Clock, TimerHandle } from '@orch/harness';

export interface AutoscalerPolicy {
  minReplicas: number;
  maxReplicas: number;
  /** Target average utilisation in percent of each replica's CPU reservation (70 for the HPA, 80 for ECS). */
  targetPercent: number;
  periodMs: number;
  /** No scale-in within this long of the last scaling action (HPA's stabilisation window, ECS's scale-in cooldown). */
  scaleInCooldownMs: number;
  /** Within ±tolerance of the target, nothing changes (the HPA's 10% dead band). */
  tolerance?: number;
}

export interface ScalingTarget {
  replicas(): number;
  /** Average CPU utilisation of the replicas in percent of their reservation. */
  utilisation(): Promise<number>;
  scaleTo(replicas: number): Promise<void>;
}

export interface ScalingDecision {
  at: number;
  utilisation: number;
  from: number;
  to: number;
}

/**
 * Target-tracking autoscaler, the rule the HPA and ECS Application Auto Scaling share:
 * desired = ceil(current × utilisation / target), clamped to [min, max]. Its decision loop runs
 * on an injected clock, so minutes of cooldown pass in a test while CPU is measured for real.
 */
export class TargetTrackingAutoscaler {
  readonly decisions: ScalingDecision[] = [];
  private timer: TimerHandle | undefined;
  private running: Promise<void> = Promise.resolve();
  private lastScaledAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly policy: AutoscalerPolicy,
    private readonly target: ScalingTarget,
    private readonly clock: Clock,
  ) {}

  start(): void {
    this.timer = this.clock.setInterval(() => {
      this.running = this.running.then(() => this.evaluate());
    }, this.policy.periodMs);
  }

  stop(): void {
    this.timer?.cancel();
  }

  /** Resolves once the decision the last tick started has been applied. */
  idle(): Promise<void> {
    return this.running;
  }

  desired(current: number, utilisation: number): number {
    const ratio = utilisation / this.policy.targetPercent;
    if (Math.abs(ratio - 1) <= (this.policy.tolerance ?? 0.1)) return current;
    const wanted = Math.ceil(current * ratio);
    return Math.min(this.policy.maxReplicas, Math.max(this.policy.minReplicas, wanted));
  }

  async evaluate(): Promise<void> {
    const current = this.target.replicas();
    const utilisation = await this.target.utilisation();
    let next = this.desired(current, utilisation);
    const now = this.clock.now();
    if (next < current && now - this.lastScaledAt < this.policy.scaleInCooldownMs) next = current;
    this.decisions.push({ at: now, utilisation, from: current, to: next });
    if (next === current) return;
    await this.target.scaleTo(next);
    this.lastScaledAt = now;
  }
}
