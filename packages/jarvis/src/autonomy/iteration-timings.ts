/** One control-loop iteration as measured. */
export interface IterationTiming {
  index: number;
  /** Clock time the iteration was due (start + index × interval). */
  scheduledAt: number;
  /** Clock time it started; later than scheduledAt only when the previous one overran. */
  startedAt: number;
  /** Wall-clock ms of its work (real time even under a simulated clock). */
  workMs: number;
  /** Clock ms from start to end (differs from workMs when the clock is simulated). */
  clockMs: number;
  /** Started more than the tolerance after it was due. */
  late: boolean;
  /** Ran with automation disabled (kill switch): state checked, no action taken. */
  paused: boolean;
  actions: number;
  /** Process CPU time (user + system) spent in the iteration, in ms. */
  cpuMs: number;
}

/**
 * Every iteration's timings in column arrays (8 bytes a figure), so a simulated week of 20,160
 * iterations costs ~1.3 MB instead of 20,160 objects on the heap.
 */
export class IterationTimings {
  private capacity = 1024;
  private size = 0;
  private scheduled = new Float64Array(this.capacity);
  private started = new Float64Array(this.capacity);
  private work = new Float64Array(this.capacity);
  private clock = new Float64Array(this.capacity);
  private cpu = new Float64Array(this.capacity);
  private flags = new Uint8Array(this.capacity);
  private actionCounts = new Uint32Array(this.capacity);

  get length(): number {
    return this.size;
  }

  push(timing: Omit<IterationTiming, 'index'>): void {
    if (this.size === this.capacity) this.grow();
    const i = this.size;
    this.scheduled[i] = timing.scheduledAt;
    this.started[i] = timing.startedAt;
    this.work[i] = timing.workMs;
    this.clock[i] = timing.clockMs;
    this.cpu[i] = timing.cpuMs;
    this.flags[i] = (timing.late ? 1 : 0) | (timing.paused ? 2 : 0);
    this.actionCounts[i] = timing.actions;
    this.size += 1;
  }

  at(index: number): IterationTiming {
    if (index < 0 || index >= this.size) throw new RangeError(`no iteration ${index}`);
    const flags = this.flags[index]!;
    return {
      index,
      scheduledAt: this.scheduled[index]!,
      startedAt: this.started[index]!,
      workMs: this.work[index]!,
      clockMs: this.clock[index]!,
      cpuMs: this.cpu[index]!,
      late: (flags & 1) === 1,
      paused: (flags & 2) === 2,
      actions: this.actionCounts[index]!,
    };
  }

  /** Seconds between consecutive iteration starts. */
  intervalsSeconds(): number[] {
    const out: number[] = [];
    for (let i = 1; i < this.size; i += 1) out.push((this.started[i]! - this.started[i - 1]!) / 1000);
    return out;
  }

  /** Per iteration, the longer of its real work time and its clock time, in seconds. */
  durationsSeconds(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.size; i += 1) out.push(Math.max(this.work[i]!, this.clock[i]!) / 1000);
    return out;
  }

  cpuMs(): number[] {
    return Array.from(this.cpu.subarray(0, this.size));
  }

  lateCount(): number {
    let late = 0;
    for (let i = 0; i < this.size; i += 1) late += this.flags[i]! & 1;
    return late;
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = <T extends Float64Array | Uint8Array | Uint32Array>(old: T, make: (n: number) => T): T => {
      const next = make(this.capacity);
      next.set(old);
      return next;
    };
    this.scheduled = grow(this.scheduled, (n) => new Float64Array(n));
    this.started = grow(this.started, (n) => new Float64Array(n));
    this.work = grow(this.work, (n) => new Float64Array(n));
    this.clock = grow(this.clock, (n) => new Float64Array(n));
    this.cpu = grow(this.cpu, (n) => new Float64Array(n));
    this.flags = grow(this.flags, (n) => new Uint8Array(n));
    this.actionCounts = grow(this.actionCounts, (n) => new Uint32Array(n));
  }
}
