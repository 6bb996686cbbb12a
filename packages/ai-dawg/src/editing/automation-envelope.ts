import { cloneClip, type AudioClip } from './audio-clip';

export interface AutomationPoint {
  /** Seconds from the clip start. */
  time: number;
  /** Linear gain (0..4). */
  value: number;
}

/**
 * A breakpoint envelope. Points are sorted once (duplicates at one time keep the last), values
 * are looked up by a moving cursor, so a million points cost one pass, not a search per sample.
 */
export class AutomationEnvelope {
  readonly points: AutomationPoint[];

  constructor(points: AutomationPoint[]) {
    for (const point of points) {
      if (!Number.isFinite(point.time) || !Number.isFinite(point.value)) throw new RangeError(`automation point ${JSON.stringify(point)} is not finite`);
    }
    const sorted = points.map((point, order) => ({ ...point, order })).sort((a, b) => a.time - b.time || a.order - b.order);
    this.points = [];
    for (const point of sorted) {
      const last = this.points[this.points.length - 1];
      if (last && last.time === point.time) last.value = point.value;
      else this.points.push({ time: point.time, value: point.value });
    }
  }

  valueAt(time: number): number {
    const points = this.points;
    if (points.length === 0) return 1;
    if (time <= points[0]!.time) return points[0]!.value;
    if (time >= points[points.length - 1]!.time) return points[points.length - 1]!.value;
    let low = 0;
    let high = points.length - 1;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (points[middle]!.time <= time) low = middle;
      else high = middle;
    }
    const a = points[low]!;
    const b = points[high]!;
    return a.value + ((b.value - a.value) * (time - a.time)) / (b.time - a.time);
  }

  /** Multiplies the clip by the envelope, sample by sample. */
  apply(clip: AudioClip): AudioClip {
    const out = cloneClip(clip);
    const points = this.points;
    const length = out.channels[0]?.length ?? 0;
    let cursor = 0;
    for (let i = 0; i < length; i++) {
      const time = i / clip.sampleRate;
      while (cursor + 1 < points.length && points[cursor + 1]!.time <= time) cursor++;
      let gain: number;
      if (points.length === 0) gain = 1;
      else if (time <= points[0]!.time) gain = points[0]!.value;
      else if (cursor + 1 >= points.length) gain = points[points.length - 1]!.value;
      else {
        const a = points[cursor]!;
        const b = points[cursor + 1]!;
        gain = a.value + ((b.value - a.value) * (time - a.time)) / (b.time - a.time);
      }
      for (const channel of out.channels) channel[i]! *= gain;
    }
    return out;
  }
}
