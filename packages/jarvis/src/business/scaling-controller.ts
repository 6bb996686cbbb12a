import type { Clock } from '../clock/clock';
import type { SafetyGuard } from '../safety/safety-guard';

export interface TaskScaler {
  describeDesiredCount(): Promise<number>;
  updateDesiredCount(count: number): Promise<number>;
}

export interface ScalingDecision {
  at: number;
  requestsPerMinute: number;
  from: number;
  to: number;
  /** USD per hour saved (negative: extra spend) by the change. */
  hourlySavingsUsd: number;
}

export interface ScalingControllerOptions {
  clock: Clock;
  guard: SafetyGuard;
  scaler: TaskScaler;
  /** Requests per minute one task serves within the latency target (default 200). */
  taskCapacityPerMinute?: number;
  minTasks?: number;
  maxTasks?: number;
  /** Fargate 0.5 vCPU / 1 GB in us-east-1: ~$0.0247 an hour. */
  taskHourlyUsd?: number;
}

/** Sizes a service to its traffic: ceil(load / per-task capacity), within min..max tasks. */
export class ScalingController {
  readonly decisions: ScalingDecision[] = [];

  constructor(private readonly options: ScalingControllerOptions) {}

  desiredTasks(requestsPerMinute: number): number {
    const capacity = this.options.taskCapacityPerMinute ?? 200;
    const wanted = Math.ceil(requestsPerMinute / capacity);
    return Math.min(this.options.maxTasks ?? 10, Math.max(this.options.minTasks ?? 1, wanted));
  }

  async evaluate(requestsPerMinute: number): Promise<ScalingDecision | undefined> {
    const from = await this.options.scaler.describeDesiredCount();
    const to = this.desiredTasks(requestsPerMinute);
    if (to === from) return undefined;
    await this.options.guard.run({ command: 'scale-service', actor: 'scaling-controller', target: 'ecs', detail: { from, to, requestsPerMinute } }, () =>
      this.options.scaler.updateDesiredCount(to),
    );
    const decision: ScalingDecision = { at: this.options.clock.now(), requestsPerMinute, from, to, hourlySavingsUsd: (from - to) * (this.options.taskHourlyUsd ?? 0.0247) };
    this.decisions.push(decision);
    return decision;
  }
}
