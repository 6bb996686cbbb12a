import type { AudioClip } from './audio-clip';
import { finite } from './finite';

export interface SanitizeReport {
  /** NaN and ±Infinity samples replaced with 0 (they would poison every sum downstream). */
  nonFinite: number;
  /** Subnormal samples flushed to 0 (they make filters crawl on some CPUs). */
  denormals: number;
}

const SMALLEST_NORMAL_FLOAT32 = 1.1754943508222875e-38;

/** Replaces NaN/Inf with silence and flushes denormals, in place; says how many it touched. */
export function sanitizeSamples(clip: AudioClip): SanitizeReport {
  const report: SanitizeReport = { nonFinite: 0, denormals: 0 };
  for (const channel of clip.channels) {
    for (let i = 0; i < channel.length; i++) {
      const value = channel[i]!;
      if (!finite(value)) {
        channel[i] = 0;
        report.nonFinite += 1;
      } else if (value !== 0 && Math.abs(value) < SMALLEST_NORMAL_FLOAT32) {
        channel[i] = 0;
        report.denormals += 1;
      }
    }
  }
  return report;
}
