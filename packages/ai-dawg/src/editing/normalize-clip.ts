import { cloneClip, peakOf, type AudioClip } from './audio-clip';

export interface NormalizeResult {
  clip: AudioClip;
  skipped: boolean;
  reason?: 'already-at-target' | 'silent';
  gain: number;
  peakBefore: number;
}

/** Within this many dB of the target the clip is left alone (re-scaling would only add rounding). */
const TOLERANCE_DB = 0.01;

/** Scales a clip so its peak hits `targetDbfs`; a clip already there (or silent) is detected and skipped. */
export function normalizeClip(clip: AudioClip, targetDbfs = 0): NormalizeResult {
  const peak = peakOf(clip);
  const target = 10 ** (targetDbfs / 20);
  if (peak === 0) return { clip, skipped: true, reason: 'silent', gain: 1, peakBefore: 0 };
  if (Math.abs(20 * Math.log10(peak / target)) <= TOLERANCE_DB) return { clip, skipped: true, reason: 'already-at-target', gain: 1, peakBefore: peak };
  const gain = target / peak;
  const out = cloneClip(clip);
  for (const channel of out.channels) for (let i = 0; i < channel.length; i++) channel[i]! *= gain;
  return { clip: out, skipped: false, gain, peakBefore: peak };
}
