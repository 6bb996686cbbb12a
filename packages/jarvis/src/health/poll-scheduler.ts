import type { Clock, TimerHandle } from '../clock/clock';

export type CheckKind = 'poll' | 'recheck' | 'reprobe' | 'verify';

export interface PollSchedulerOptions {
  clock: Clock;
  /** Seed: every 30 s. */
  pollIntervalMs: number;
  /** One confirming check this long after a status change; 0 disables. */
  recheckIntervalMs: number;
  /** A service's re-probes are at least this far apart (clock ms), so a burst of failed requests costs one probe. */
  minReprobeGapMs: number;
  /** A service that pushes heartbeats and has none since this long is re-probed (when its rhythm is unknown). */
  heartbeatTtlMs: number;
  pollAll(): void;
  check(service: string, kind: CheckKind, reason?: string): void;
}

interface ServiceTimers {
  recheck?: TimerHandle;
  heartbeatWatch?: TimerHandle;
  lastHeartbeatAt?: number;
  lastReprobeAt?: number;
  /** How long the last heartbeat vouches for the service: until the next one is overdue. */
  heartbeatWindowMs?: number;
}

/**
 * When JARVIS checks a service: the regular poll, a confirming recheck after a change, and an
 * immediate re-probe when something between two polls says the service may be gone (its process
 * exited, a proxied request failed, a heartbeat is overdue). The poll alone would see a crash
 * right after a poll only one interval later (30 s: not "< 30 s"); a re-probe sees it at once.
 */
export class PollScheduler {
  private pollTimer: TimerHandle | undefined;
  private readonly timers = new Map<string, ServiceTimers>();

  constructor(private readonly options: PollSchedulerOptions) {}

  get running(): boolean {
    return this.pollTimer !== undefined;
  }

  /** One poll now, then one every interval on the clock. */
  start(): void {
    if (this.pollTimer) return;
    this.pollTimer = this.options.clock.setInterval(() => this.options.pollAll(), this.options.pollIntervalMs);
    this.options.pollAll();
  }

  stop(): void {
    this.pollTimer?.cancel();
    this.pollTimer = undefined;
    for (const timers of this.timers.values()) {
      timers.recheck?.cancel();
      timers.heartbeatWatch?.cancel();
    }
    this.timers.clear();
  }

  /** A poll supersedes a pending recheck. */
  cancelRecheck(service: string): void {
    const timers = this.timers.get(service);
    timers?.recheck?.cancel();
    if (timers) timers.recheck = undefined;
  }

  scheduleRecheck(service: string): void {
    if (this.options.recheckIntervalMs <= 0 || !this.running) return;
    const timers = this.timersOf(service);
    timers.recheck?.cancel();
    timers.recheck = this.options.clock.setTimeout(() => {
      timers.recheck = undefined;
      this.options.check(service, 'recheck');
    }, this.options.recheckIntervalMs);
  }

  /** Checks the service now, unless it was re-probed less than `minReprobeGapMs` ago. Returns whether it did. */
  reprobe(service: string, reason: string): boolean {
    if (!this.running) return false;
    const timers = this.timersOf(service);
    const now = this.options.clock.now();
    if (timers.lastReprobeAt !== undefined && now - timers.lastReprobeAt < this.options.minReprobeGapMs) return false;
    timers.lastReprobeAt = now;
    this.options.check(service, 'reprobe', reason);
    return true;
  }

  /**
   * A heartbeat arrived: expect the next one within one and a half of the rhythm seen so far (or
   * the heartbeat TTL before a rhythm is known); a missed one triggers a re-probe.
   */
  heartbeat(service: string): void {
    const timers = this.timersOf(service);
    const now = this.options.clock.now();
    const rhythm = timers.lastHeartbeatAt !== undefined ? now - timers.lastHeartbeatAt : undefined;
    timers.lastHeartbeatAt = now;
    timers.heartbeatWatch?.cancel();
    if (!this.running) return;
    const overdueAfter = rhythm !== undefined && rhythm > 0 ? Math.min(this.options.heartbeatTtlMs, Math.max(1_000, Math.round(rhythm * 1.5))) : this.options.heartbeatTtlMs;
    timers.heartbeatWindowMs = overdueAfter;
    timers.heartbeatWatch = this.options.clock.setTimeout(() => {
      timers.heartbeatWatch = undefined;
      this.reprobe(service, `no heartbeat for ${overdueAfter} ms`);
    }, overdueAfter);
  }

  /** How long a heartbeat of this service counts as evidence of life (an overdue one does not). */
  heartbeatWindowMs(service: string): number {
    return this.timers.get(service)?.heartbeatWindowMs ?? this.options.heartbeatTtlMs;
  }

  private timersOf(service: string): ServiceTimers {
    let timers = this.timers.get(service);
    if (!timers) {
      timers = {};
      this.timers.set(service, timers);
    }
    return timers;
  }
}
