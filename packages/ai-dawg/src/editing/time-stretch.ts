import { clipLength, type AudioClip } from './audio-clip';

export interface TimeStretchResult {
  clip: AudioClip;
  factor: number;
  /** Set when the factor is far enough from 1 that artefacts are audible (the seed: 400% works but warns). */
  warning?: string;
}

/** Beyond these factors WSOLA smears transients audibly; the user is told, the stretch still happens. */
const QUALITY_LIMITS = { min: 0.5, max: 2 };
const FRAME = 2048;
const SYNTHESIS_HOP = FRAME / 4;
const SEARCH = 128;

function hann(length: number): Float32Array {
  const window = new Float32Array(length);
  for (let i = 0; i < length; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length);
  return window;
}

/** Offset within ±SEARCH that best continues the previous frame's tail (coarse steps keep it cheap). */
function bestOffset(input: Float32Array, start: number, expected: Float32Array): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let offset = -SEARCH; offset <= SEARCH; offset += 4) {
    const from = start + offset;
    if (from < 0 || from + SYNTHESIS_HOP >= input.length) continue;
    let score = 0;
    for (let i = 0; i < SYNTHESIS_HOP; i += 2) score += input[from + i]! * expected[i]!;
    if (score > bestScore) {
      bestScore = score;
      best = offset;
    }
  }
  return best;
}

function stretchChannel(input: Float32Array, factor: number, outputLength: number, window: Float32Array): Float32Array {
  const output = new Float32Array(outputLength + FRAME);
  const norm = new Float32Array(outputLength + FRAME);
  const expected = new Float32Array(SYNTHESIS_HOP);
  let previousStart = 0;
  for (let outPos = 0; outPos < outputLength; outPos += SYNTHESIS_HOP) {
    const nominal = Math.round(outPos / factor);
    // WSOLA: pick the analysis frame that lines up with the natural continuation of the last one.
    const start = outPos === 0 ? 0 : nominal + bestOffset(input, nominal, expected);
    for (let i = 0; i < FRAME; i++) {
      const sample = start + i < input.length ? input[start + i]! : 0;
      output[outPos + i]! += sample * window[i]!;
      norm[outPos + i]! += window[i]!;
    }
    previousStart = start;
    for (let i = 0; i < SYNTHESIS_HOP; i++) expected[i] = previousStart + SYNTHESIS_HOP + i < input.length ? input[previousStart + SYNTHESIS_HOP + i]! : 0;
  }
  const result = new Float32Array(outputLength);
  for (let i = 0; i < outputLength; i++) result[i] = norm[i]! > 1e-6 ? output[i]! / norm[i]! : 0;
  return result;
}

/** Changes duration without changing pitch (WSOLA). factor 4 = 400% = four times as long. */
export function timeStretch(clip: AudioClip, factor: number): TimeStretchResult {
  if (!Number.isFinite(factor) || factor <= 0 || factor > 16) throw new RangeError(`stretch factor must be in (0, 16], got ${factor}`);
  const outputLength = Math.round(clipLength(clip) * factor);
  const window = hann(FRAME);
  const channels = clip.channels.map((channel) => (channel.length === 0 ? new Float32Array(0) : stretchChannel(channel, factor, outputLength, window)));
  const outside = factor > QUALITY_LIMITS.max || factor < QUALITY_LIMITS.min;
  return {
    clip: { sampleRate: clip.sampleRate, channels },
    factor,
    ...(outside
      ? {
          warning: `stretching by ${Math.round(factor * 100)}% degrades quality (transients smear, artefacts audible outside ${QUALITY_LIMITS.min * 100}-${QUALITY_LIMITS.max * 100}%)`,
        }
      : {}),
  };
}
