import { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';
import type { Clock, TimerHandle } from '../clock/clock';
import { JarvisError } from '../errors/jarvis-error';

export interface BreakerOptions {
  /** Percent of failed calls in the rolling window above which the breaker opens. */
  errorThresholdPercentage: number;
  /** Calls needed in the window before the percentage is trusted. */
  volumeThreshold: number;
  /** Clock ms the breaker stays open before one trial call is let through. */
  resetTimeoutMs: number;
  /** Rolling statistics window (clock ms), split in 10 buckets rotated by the clock. */
  rollingWindowMs: number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = { errorThresholdPercentage: 50, volumeThreshold: 3, resetTimeoutMs: 60_000, rollingWindowMs: 120_000 };

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Thrown (fast, without touching the service) while the breaker is open. */
export class BreakerOpenError extends JarvisError {
  constructor(service: string) {
    super('SERVICE_UNAVAILABLE', `${service} is isolated by its circuit breaker`, { service });
  }
}

// opossum's own reset timer is real time; it is pushed out of reach and the clock drives the
// half-open transition instead (the largest delay Node accepts without clamping it to 1 ms).
const UNREACHABLE_RESET_MS = 2_147_483_647;

/**
 * A per-service circuit breaker: opossum 9 decides closed → open from its rolling error
 * statistics (buckets rotated by the injected clock, not by real intervals); this wrapper owns
 * open → half-open → closed on the clock, letting exactly one trial call through. Isolating a
 * failing dependency this way keeps its failures from piling up (cascading failure).
 */
export class ServiceBreaker {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private readonly rotate = new EventEmitter();
  private readonly rotation: TimerHandle;
  private resetTimer: TimerHandle | undefined;
  private halfOpen = false;
  private trialInFlight = false;
  private closedDown = false;

  constructor(
    readonly service: string,
    private readonly clock: Clock,
    private readonly options: BreakerOptions = DEFAULT_BREAKER_OPTIONS,
    private readonly onStateChange: (state: BreakerState) => void = () => undefined,
  ) {
    this.breaker = new CircuitBreaker((action: () => Promise<unknown>) => action(), {
      name: service,
      timeout: false,
      resetTimeout: UNREACHABLE_RESET_MS,
      errorThresholdPercentage: options.errorThresholdPercentage,
      volumeThreshold: options.volumeThreshold,
      rollingCountTimeout: options.rollingWindowMs,
      rollingCountBuckets: 10,
      rotateBucketController: this.rotate,
      enableSnapshots: false,
      rollingPercentilesEnabled: false,
    });
    this.rotation = clock.setInterval(() => this.rotate.emit('rotate'), options.rollingWindowMs / 10);
    this.breaker.on('open', () => {
      this.scheduleHalfOpen();
      this.onStateChange('open');
    });
    this.breaker.on('close', () => this.onStateChange('closed'));
  }

  get state(): BreakerState {
    if (this.halfOpen) return 'half-open';
    return this.breaker.opened ? 'open' : 'closed';
  }

  /** Runs `action` through the breaker; rejects with BreakerOpenError without calling it while open. */
  async fire<T>(action: () => Promise<T>): Promise<T> {
    if (this.closedDown) throw new BreakerOpenError(this.service);
    if (this.halfOpen) {
      if (this.trialInFlight) throw new BreakerOpenError(this.service);
      this.trialInFlight = true;
      try {
        const result = await action();
        this.halfOpen = false;
        this.breaker.close();
        return result;
      } catch (error) {
        this.halfOpen = false;
        this.scheduleHalfOpen();
        this.onStateChange('open');
        throw error;
      } finally {
        this.trialInFlight = false;
      }
    }
    if (this.breaker.opened) throw new BreakerOpenError(this.service);
    return (await this.breaker.fire(action)) as T;
  }

  /** Closes the breaker: the service behind it was just replaced (a restarted process), its failures are history. */
  reset(): void {
    if (this.closedDown) return;
    this.resetTimer?.cancel();
    this.resetTimer = undefined;
    const wasClosed = this.state === 'closed';
    this.halfOpen = false;
    // Rotating every bucket out empties the rolling statistics, so the old failures cannot reopen it.
    for (let bucket = 0; bucket < 10; bucket += 1) this.rotate.emit('rotate');
    this.breaker.close();
    if (!wasClosed) this.onStateChange('closed');
  }

  /** Releases the clock timers and opossum's listeners; later calls are rejected. */
  shutdown(): void {
    this.closedDown = true;
    this.resetTimer?.cancel();
    this.rotation.cancel();
    this.breaker.shutdown();
  }

  private scheduleHalfOpen(): void {
    this.resetTimer?.cancel();
    this.resetTimer = this.clock.setTimeout(() => {
      this.resetTimer = undefined;
      this.halfOpen = true;
      this.onStateChange('half-open');
    }, this.options.resetTimeoutMs);
  }
}
