/**
 * Time as a dependency. Everything periodic in the systems (polls, probe timeouts, alert `for`
 * windows, breaker resets, retries, TTLs, canary windows) takes a Clock, so a suite can simulate
 * 24 hours or 7 days in seconds; production code gets `realClock`. It lives in its own package
 * because both the systems and the harness need it and a system must never import the harness.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch (simulated or real). */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  setInterval(callback: () => void, intervalMs: number): TimerHandle;
}

/** Wall-clock time. Timers are unref'd: a pending poll never keeps a process (or Jest) alive. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  },
  setInterval(callback, intervalMs) {
    const timer = setInterval(callback, intervalMs);
    timer.unref?.();
    return { cancel: () => clearInterval(timer) };
  },
};
