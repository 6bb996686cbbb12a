import { performance } from 'node:perf_hooks';
import type { Clock, TimerHandle } from '../clock/clock';
import { IterationTimings } from './iteration-timings';

export interface IterationContext {
  index: number;
  scheduledAt: number;
  /** False while the kill switch is engaged: check state, act on nothing. */
  automationEnabled: boolean;
}

export interface IterationResult {
  actions: number;
}

export interface ControlLoopOptions {
  clock: Clock;
  iterate: (context: IterationContext) => Promise<IterationResult>;
  /** Seed: every 30 s. */
  intervalMs?: number;
  /** Seed: ±2 s; a start later than this after its due time is recorded as late. */
  toleranceMs?: number;
  enabled?: () => boolean;
  /** Called when an iteration throws; the loop goes on. */
  onError?: (error: Error, index: number) => void;
}

/**
 * The autonomous control loop. Iterations are due on a fixed grid (start + k × interval), so
 * their timing does not drift with work time; the next one is scheduled only after the current
 * one finished, so two never overlap; and an overrun does not skip a slot: the next iteration
 * starts at once and is recorded as late. Every iteration's timing is kept.
 */
export class ControlLoop {
  readonly timings = new IterationTimings();
  readonly errors: Array<{ index: number; message: string }> = [];
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private timer: TimerHandle | undefined;
  private running: Promise<void> | undefined;
  private origin = 0;
  private nextIndex = 0;
  private active = false;
  private overlaps = 0;

  constructor(private readonly options: ControlLoopOptions) {
    this.intervalMs = options.intervalMs ?? 30_000;
    this.toleranceMs = options.toleranceMs ?? 2_000;
  }

  /** The first iteration is due one interval from now. */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.origin = this.options.clock.now();
    this.nextIndex = 0;
    this.scheduleNext();
  }

  stop(): void {
    this.active = false;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Started and not stopped (an iteration may still be finishing after stop: see idle()). */
  get started(): boolean {
    return this.active;
  }

  /** Resolves when no iteration is running (a simulated clock's `settle` waits on this). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Iterations that started while another was running: 0 by construction, counted to prove it. */
  overlapCount(): number {
    return this.overlaps;
  }

  private scheduleNext(): void {
    if (!this.active) return;
    const index = this.nextIndex;
    const dueAt = this.origin + (index + 1) * this.intervalMs;
    const delay = Math.max(0, dueAt - this.options.clock.now());
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.running = this.runIteration(index, dueAt).finally(() => {
        this.running = undefined;
        this.nextIndex = index + 1;
        this.scheduleNext();
      });
    }, delay);
  }

  private async runIteration(index: number, scheduledAt: number): Promise<void> {
    if (this.running) this.overlaps += 1;
    const { clock } = this.options;
    const automationEnabled = this.options.enabled?.() ?? true;
    const startedAt = clock.now();
    const cpuBefore = process.cpuUsage();
    const realStart = performance.now();
    let actions = 0;
    try {
      actions = (await this.options.iterate({ index, scheduledAt, automationEnabled })).actions;
    } catch (error) {
      this.errors.push({ index, message: (error as Error).message });
      this.options.onError?.(error as Error, index);
    }
    const cpu = process.cpuUsage(cpuBefore);
    this.timings.push({
      scheduledAt,
      startedAt,
      workMs: performance.now() - realStart,
      clockMs: clock.now() - startedAt,
      cpuMs: (cpu.user + cpu.system) / 1000,
      late: startedAt - scheduledAt > this.toleranceMs,
      paused: !automationEnabled,
      actions,
    });
  }
}
