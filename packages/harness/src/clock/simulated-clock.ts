import type { Clock, TimerHandle } from './clock';

interface ScheduledTimer {
  id: number;
  dueAt: number;
  intervalMs: number | undefined;
  callback: () => void;
}

/**
 * A clock that only moves when told. `advance(ms)` fires every timer due in that span in time
 * order, and between timers lets pending promises settle, so async work started by one tick
 * (an HTTP probe, a database write) finishes before the next tick fires, as it would in real time.
 */
export class SimulatedClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: ScheduledTimer[] = [];

  constructor(startAt: number = Date.UTC(2026, 0, 1)) {
    this.current = startAt;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    return this.schedule(callback, Math.max(0, delayMs), undefined);
  }

  setInterval(callback: () => void, intervalMs: number): TimerHandle {
    if (intervalMs <= 0) throw new RangeError(`interval must be positive, got ${intervalMs}`);
    return this.schedule(callback, intervalMs, intervalMs);
  }

  /** Number of timers still scheduled (useful to prove a component released its timers). */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing due timers in order and settling async work between them. */
  async advance(ms: number, settle: () => Promise<void> = flushPromises): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const next = this.nextDue();
      if (!next || next.dueAt > target) break;
      this.current = next.dueAt;
      if (next.intervalMs === undefined) {
        this.timers = this.timers.filter((timer) => timer !== next);
      } else {
        next.dueAt += next.intervalMs;
      }
      next.callback();
      await settle();
    }
    this.current = target;
    await settle();
  }

  /** Advances to the next due timer only; returns false when none is scheduled. */
  async runNext(settle: () => Promise<void> = flushPromises): Promise<boolean> {
    const next = this.nextDue();
    if (!next) return false;
    await this.advance(next.dueAt - this.current, settle);
    return true;
  }

  private nextDue(): ScheduledTimer | undefined {
    let best: ScheduledTimer | undefined;
    for (const timer of this.timers) {
      if (!best || timer.dueAt < best.dueAt || (timer.dueAt === best.dueAt && timer.id < best.id)) best = timer;
    }
    return best;
  }

  private schedule(callback: () => void, delayMs: number, intervalMs: number | undefined): TimerHandle {
    const timer: ScheduledTimer = { id: this.nextId++, dueAt: this.current + delayMs, intervalMs, callback };
    this.timers.push(timer);
    return {
      cancel: () => {
        this.timers = this.timers.filter((candidate) => candidate !== timer);
      },
    };
  }
}

/** Lets queued microtasks and already-due I/O callbacks run. */
export async function flushPromises(rounds = 5): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
