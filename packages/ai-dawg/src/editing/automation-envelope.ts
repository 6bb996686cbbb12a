import { cloneClip, type AudioClip } from './audio-clip';
import { finite } from './finite';

export interface AutomationPoint {
  /** Seconds from the clip start. */
  time: number;
  /** Linear gain (0..4). */
  value: number;
}

/**
 * A breakpoint envelope held in two typed arrays. Points arriving in order (the usual case) are
 * copied in one pass; others are sorted once (duplicates at one time keep the last). Values are
 * read by a moving cursor, so a million points cost one pass, not a search per sample.
 */
export class AutomationEnvelope {
  private readonly times: Float64Array;
  private readonly values: Float64Array;

  constructor(points: AutomationPoint[]) {
    let ordered = true;
    let previous = -Infinity;
    for (const point of points) {
      if (!finite(point.time) || !finite(point.value)) throw new RangeError(`automation point ${JSON.stringify(point)} is not finite`);
      if (point.time <= previous) ordered = false;
      previous = point.time;
    }
    const source = ordered ? points : points.map((point, order) => ({ ...point, order })).sort((a, b) => a.time - b.time || a.order - b.order);
    const times = new Float64Array(source.length);
    const values = new Float64Array(source.length);
    let size = 0;
    for (const point of source) {
      if (size > 0 && times[size - 1] === point.time) values[size - 1] = point.value;
      else {
        times[size] = point.time;
        values[size] = point.value;
        size += 1;
      }
    }
    this.times = times.subarray(0, size);
    this.values = values.subarray(0, size);
  }

  get points(): AutomationPoint[] {
    return Array.from(this.times, (time, index) => ({ time, value: this.values[index]! }));
  }

  get size(): number {
    return this.times.length;
  }

  valueAt(time: number): number {
    const { times, values } = this;
    if (times.length === 0) return 1;
    if (time <= times[0]!) return values[0]!;
    if (time >= times[times.length - 1]!) return values[values.length - 1]!;
    let low = 0;
    let high = times.length - 1;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (times[middle]! <= time) low = middle;
      else high = middle;
    }
    return values[low]! + ((values[high]! - values[low]!) * (time - times[low]!)) / (times[high]! - times[low]!);
  }

  /** Multiplies the clip by the envelope, sample by sample. */
  apply(clip: AudioClip): AudioClip {
    const out = cloneClip(clip);
    const { times, values } = this;
    const last = times.length - 1;
    const length = out.channels[0]?.length ?? 0;
    let cursor = 0;
    for (let i = 0; i < length; i++) {
      const time = i / clip.sampleRate;
      while (cursor < last && times[cursor + 1]! <= time) cursor++;
      let gain: number;
      if (last < 0) gain = 1;
      else if (time <= times[0]!) gain = values[0]!;
      else if (cursor >= last) gain = values[last]!;
      else gain = values[cursor]! + ((values[cursor + 1]! - values[cursor]!) * (time - times[cursor]!)) / (times[cursor + 1]! - times[cursor]!);
      for (const channel of out.channels) channel[i]! *= gain;
    }
    return out;
  }
}
