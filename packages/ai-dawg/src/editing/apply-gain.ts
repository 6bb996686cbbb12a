import { cloneClip, type AudioClip } from './audio-clip';
import { finite } from './finite';

export interface GainResult {
  clip: AudioClip;
  /** NaN/±Infinity input samples, written as silence (a clamp would keep NaN: Math.min(1, NaN) is NaN). */
  nonFiniteSamples: number;
  /** Samples that would have gone past full scale and were clamped to ±1. */
  clippedSamples: number;
}

/** Applies a gain in dB (-Infinity mutes); samples past full scale are clamped and counted, never wrapped. */
export function applyGain(clip: AudioClip, gainDb: number): GainResult {
  if (Number.isNaN(gainDb) || gainDb === Infinity) throw new RangeError(`gain must be a finite dB value or -Infinity, got ${gainDb}`);
  const gain = gainDb === -Infinity ? 0 : 10 ** (gainDb / 20);
  const out = cloneClip(clip);
  let clippedSamples = 0;
  let nonFiniteSamples = 0;
  for (const channel of out.channels) {
    for (let i = 0; i < channel.length; i++) {
      if (!finite(channel[i]!)) {
        channel[i] = 0;
        nonFiniteSamples += 1;
        continue;
      }
      const value = channel[i]! * gain;
      if (value > 1 || value < -1) clippedSamples += 1;
      channel[i] = Math.max(-1, Math.min(1, value));
    }
  }
  return { clip: out, clippedSamples, nonFiniteSamples };
}
