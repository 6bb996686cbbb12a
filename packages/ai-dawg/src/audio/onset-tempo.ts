/**
 * Tempo measured from audio, the way a listener taps along: find onsets (energy flux), then the
 * tempo whose 16th-note grid the onsets fit best.
 *
 * Onsets: the signal is first-differenced (so hats and attacks stand out from bass tails),
 * framed (hop 128 samples, window 256), and the rise of log energy over two hops is the flux;
 * flux peaks above a threshold, at least `minGapMs` apart, are onsets.
 *
 * Tempo: for each candidate bpm B in [minBpm, maxBpm] the onset times t are mapped to phases on
 * the 16th grid g = 60 / (4B); the grid coherence |Σ e^{2πi t/g}| / N is 1 when every onset sits
 * on that grid. The best candidate is refined to 0.001 bpm.
 *
 * Metrical level: onsets alone cannot tell a tempo from its multiples (a finer grid fits
 * anything a coarser one fits, and swung 16ths at B sit close to a straight grid at 1.5B or
 * 2.5B). So the search covers one window [0.75, 1.5) x the tempo one expects (the requested
 * bpm when verifying a file): inside it a wrong tempo, 138 instead of 140 say, is still
 * measured as such. Without an expectation the window is 60-200 bpm, ties going to the slower.
 */

export interface Onset {
  timeSeconds: number;
  strength: number;
}

export interface OnsetOptions {
  hop?: number;
  window?: number;
  /** Minimum log-energy rise (nats) for a peak to count. */
  threshold?: number;
  minGapMs?: number;
}

export function detectOnsets(samples: Float32Array, sampleRate: number, options: OnsetOptions = {}): Onset[] {
  const hop = options.hop ?? 128;
  const window = options.window ?? 256;
  const threshold = options.threshold ?? 1.5;
  const minGapFrames = Math.max(1, Math.round((((options.minGapMs ?? 25) / 1000) * sampleRate) / hop));
  const frames = Math.max(0, Math.floor((samples.length - window) / hop) + 1);
  const logEnergy = new Float64Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let energy = 0;
    const start = frame * hop;
    for (let i = start + 1; i < start + window; i++) {
      const d = samples[i]! - samples[i - 1]!;
      energy += d * d;
    }
    logEnergy[frame] = Math.log(energy / window + 1e-10);
  }
  const flux = new Float64Array(frames);
  for (let frame = 2; frame < frames; frame++) flux[frame] = Math.max(0, logEnergy[frame]! - Math.min(logEnergy[frame - 1]!, logEnergy[frame - 2]!));
  const onsets: Onset[] = [];
  for (let frame = 1; frame < frames - 1; frame++) {
    const value = flux[frame]!;
    if (value < threshold) continue;
    let isPeak = true;
    for (let k = Math.max(0, frame - minGapFrames); k <= Math.min(frames - 1, frame + minGapFrames); k++) {
      if (k !== frame && (flux[k]! > value || (flux[k] === value && k < frame))) {
        isPeak = false;
        break;
      }
    }
    if (isPeak) onsets.push({ timeSeconds: (frame * hop + window / 2) / sampleRate, strength: value });
  }
  return onsets;
}

export interface TempoEstimate {
  bpm: number;
  /** Grid coherence at that tempo, 0..1. */
  confidence: number;
  onsetCount: number;
  /** Inter-onset intervals (seconds), for the record. */
  medianInterOnsetSeconds: number;
}

function coherence(times: number[], bpm: number): number {
  const grid = 60 / (4 * bpm);
  let re = 0;
  let im = 0;
  for (const t of times) {
    const angle = (2 * Math.PI * t) / grid;
    re += Math.cos(angle);
    im += Math.sin(angle);
  }
  return Math.hypot(re, im) / times.length;
}

export function estimateTempo(onsets: Onset[], options: { minBpm?: number; maxBpm?: number } = {}): TempoEstimate {
  const minBpm = options.minBpm ?? 60;
  const maxBpm = options.maxBpm ?? 200;
  const times = onsets.map((onset) => onset.timeSeconds);
  if (times.length < 4) return { bpm: 0, confidence: 0, onsetCount: times.length, medianInterOnsetSeconds: 0 };
  let bestBpm = minBpm;
  let best = -1;
  for (let bpm = minBpm; bpm <= maxBpm; bpm += 0.02) {
    const value = coherence(times, bpm);
    // Ties (within 2 %) go to the slower tempo: a finer grid fits anything a coarser one fits.
    if (value > best * 1.02) {
      best = value;
      bestBpm = bpm;
    }
  }
  for (let bpm = bestBpm - 0.05; bpm <= bestBpm + 0.05; bpm += 0.001) {
    const value = coherence(times, bpm);
    if (value > best) {
      best = value;
      bestBpm = bpm;
    }
  }
  const intervals = times
    .slice(1)
    .map((t, index) => t - times[index]!)
    .sort((a, b) => a - b);
  return {
    bpm: Math.round(bestBpm * 1000) / 1000,
    confidence: Math.round(best * 1000) / 1000,
    onsetCount: times.length,
    medianInterOnsetSeconds: intervals[Math.floor(intervals.length / 2)] ?? 0,
  };
}

/** Onsets then tempo, from decoded PCM. */
export function measureTempo(samples: Float32Array, sampleRate: number, options: { expectedBpm?: number; minBpm?: number; maxBpm?: number } = {}): TempoEstimate {
  const window = options.expectedBpm ? { minBpm: options.expectedBpm * 0.75, maxBpm: options.expectedBpm * 1.5 - 0.01 } : options;
  return estimateTempo(detectOnsets(samples, sampleRate), window);
}
