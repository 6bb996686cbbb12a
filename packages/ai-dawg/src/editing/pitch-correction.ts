import { PitchAnalyzer } from '../vocal-coach/pitch-analyzer';
import { clipLength, type AudioClip } from './audio-clip';
import { resampleLinear } from './resample';
import { timeStretch } from './time-stretch';

export interface PitchCorrectionResult {
  clip: AudioClip;
  changed: boolean;
  /** `silent`: no voiced chunk at all (a no-op, not an error); `in-tune`: already within tolerance. */
  reason?: 'silent' | 'in-tune';
  detectedHz?: number;
  centsBefore?: number;
  shiftCents: number;
}

const CHUNK = 4_800;

/** Median of the voiced chunks' distance (cents) from the nearest semitone, with that note's frequency. */
export function measureIntonation(samples: Float32Array, sampleRate: number): { cents: number; hz: number; perChunk: number[] } | undefined {
  const analyzer = new PitchAnalyzer({ sampleRate });
  const readings: { cents: number; hz: number }[] = [];
  for (let start = 0; start + CHUNK <= samples.length; start += CHUNK) {
    const reading = analyzer.analyze(samples.subarray(start, start + CHUNK));
    if (reading.frequency !== null && reading.cents !== null) readings.push({ cents: reading.cents, hz: reading.frequency });
  }
  if (readings.length === 0) return undefined;
  const sorted = [...readings].sort((a, b) => a.cents - b.cents);
  const middle = sorted[Math.floor(sorted.length / 2)]!;
  return { cents: middle.cents, hz: middle.hz, perChunk: readings.map((reading) => reading.cents) };
}

/**
 * Pulls a sustained note to the nearest semitone when it is more than `toleranceCents` off
 * (the seed's ±15 cents): resample to shift pitch, then WSOLA back to the original length.
 * A silent clip has nothing to correct and comes back untouched.
 */
export function correctPitch(clip: AudioClip, toleranceCents = 15): PitchCorrectionResult {
  const first = clip.channels[0] ?? new Float32Array(0);
  const measured = measureIntonation(first, clip.sampleRate);
  if (!measured) return { clip, changed: false, reason: 'silent', shiftCents: 0 };
  if (Math.abs(measured.cents) <= toleranceCents) return { clip, changed: false, reason: 'in-tune', detectedHz: measured.hz, centsBefore: measured.cents, shiftCents: 0 };
  const shiftCents = -measured.cents;
  const ratio = 2 ** (shiftCents / 1200);
  const length = clipLength(clip);
  const shifted = clip.channels.map((channel) => resampleLinear(channel, ratio));
  const restored = timeStretch({ sampleRate: clip.sampleRate, channels: shifted }, length / Math.max(1, shifted[0]!.length));
  const channels = restored.clip.channels.map((channel) => {
    const exact = new Float32Array(length);
    exact.set(channel.subarray(0, length));
    return exact;
  });
  return { clip: { sampleRate: clip.sampleRate, channels }, changed: true, detectedHz: measured.hz, centsBefore: measured.cents, shiftCents };
}
