import type { Clock } from '../clock/clock';

export interface RateDecision {
  allowed: boolean;
  /** Operations counted in the window, including this one when allowed. */
  inWindow: number;
  /** True once the window holds `limit` operations: the limiter is triggered. */
  triggered: boolean;
  retryAfterMs: number;
}

/**
 * Sliding-window limit on autonomous operations (seed: 100 operations in 1 minute trigger it).
 * Exactly: the 100th operation inside one 60-s window is accepted and trips the limiter
 * (`triggered`); the 101st and every later one in that window are refused until the oldest
 * operation leaves the window. A runaway loop is therefore capped at 100 actions a minute.
 */
export class OperationRateLimiter {
  private readonly stamps: number[] = [];
  private refusedCount = 0;

  constructor(
    private readonly clock: Clock,
    readonly limit = 100,
    readonly windowMs = 60_000,
  ) {}

  tryAcquire(): RateDecision {
    const now = this.clock.now();
    while (this.stamps.length > 0 && this.stamps[0]! <= now - this.windowMs) this.stamps.shift();
    if (this.stamps.length >= this.limit) {
      this.refusedCount += 1;
      return { allowed: false, inWindow: this.stamps.length, triggered: true, retryAfterMs: this.stamps[0]! + this.windowMs - now };
    }
    this.stamps.push(now);
    return { allowed: true, inWindow: this.stamps.length, triggered: this.stamps.length >= this.limit, retryAfterMs: 0 };
  }

  refused(): number {
    return this.refusedCount;
  }
}
