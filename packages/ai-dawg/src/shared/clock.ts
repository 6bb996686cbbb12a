/** The time source every periodic or time-stamping part takes, so tests can simulate time. */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  setInterval(callback: () => void, ms: number): TimerHandle;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(timer) };
  },
  setInterval: (callback, ms) => {
    const timer = setInterval(callback, ms);
    return { cancel: () => clearInterval(timer) };
  },
};
