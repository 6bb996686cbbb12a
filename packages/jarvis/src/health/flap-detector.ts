/**
 * Nagios-style flap detection: keep the last 21 check results, weight each of the 20 possible
 * state changes from 0.75 (oldest) to 1.25 (newest), and express the weighted sum as a percent
 * state change. A service starts flapping above the high threshold and stops only below the low
 * one; the gap (hysteresis) keeps one unstable episode from toggling the flag itself.
 */
export interface FlapOptions {
  historySize: number;
  lowThresholdPercent: number;
  highThresholdPercent: number;
}

export const DEFAULT_FLAP_OPTIONS: FlapOptions = { historySize: 21, lowThresholdPercent: 5, highThresholdPercent: 20 };

export class FlapDetector {
  private history: string[] = [];
  private flappingNow = false;
  private percent = 0;

  constructor(private readonly options: FlapOptions = DEFAULT_FLAP_OPTIONS) {}

  /** Adds one check result; returns whether the flapping flag changed. */
  record(state: string): boolean {
    this.history.push(state);
    if (this.history.length > this.options.historySize) this.history.shift();
    this.percent = this.computePercent();
    const before = this.flappingNow;
    if (!this.flappingNow && this.percent > this.options.highThresholdPercent) this.flappingNow = true;
    else if (this.flappingNow && this.percent < this.options.lowThresholdPercent) this.flappingNow = false;
    return before !== this.flappingNow;
  }

  get flapping(): boolean {
    return this.flappingNow;
  }

  get percentStateChange(): number {
    return this.percent;
  }

  private computePercent(): number {
    const transitions = this.options.historySize - 1;
    const offset = transitions - (this.history.length - 1);
    let weighted = 0;
    for (let index = 1; index < this.history.length; index += 1) {
      if (this.history[index] === this.history[index - 1]) continue;
      const position = offset + index - 1;
      weighted += 0.75 + (0.5 * position) / Math.max(1, transitions - 1);
    }
    return (weighted * 100) / transitions;
  }
}
