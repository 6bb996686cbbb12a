import { clipLength, cloneClip, type AudioClip } from './audio-clip';

export type FadeShape = 'linear' | 'equal-power';
export type FadeDirection = 'in' | 'out';

export interface FadeResult {
  clip: AudioClip;
  /** Samples actually faded: the request clamped to the clip (a 1-sample clip fades 1 sample). */
  appliedSamples: number;
  clamped: boolean;
}

function gainAt(position: number, length: number, shape: FadeShape): number {
  // A 1-sample fade has no interior: its only sample sits at the fade's start (silence for a fade-in).
  const t = length <= 1 ? 0 : position / (length - 1);
  return shape === 'linear' ? t : Math.sin((t * Math.PI) / 2);
}

/** Fades the start (in) or end (out) of a clip; lengths past the clip are clamped, never an error. */
export function applyFade(clip: AudioClip, direction: FadeDirection, fadeSamples: number, shape: FadeShape = 'linear'): FadeResult {
  if (!Number.isFinite(fadeSamples) || fadeSamples < 0) throw new RangeError(`fade length must be a non-negative number of samples, got ${fadeSamples}`);
  const out = cloneClip(clip);
  const length = clipLength(clip);
  const applied = Math.min(Math.floor(fadeSamples), length);
  for (const channel of out.channels) {
    for (let i = 0; i < applied; i++) {
      if (direction === 'in') channel[i]! *= gainAt(i, applied, shape);
      else channel[length - 1 - i]! *= gainAt(i, applied, shape);
    }
  }
  return { clip: out, appliedSamples: applied, clamped: applied < Math.floor(fadeSamples) };
}
