import { mulberry32 } from '@orch/ai-dawg';

export interface SungNote {
  frequency: number;
  seconds: number;
}

export interface SungSignal {
  samples: Float32Array;
  sampleRate: number;
  /** The true fundamental (Hz) at each sample, vibrato included. */
  trueFrequency: Float32Array;
}

/**
 * A voice-like test signal with a known pitch curve: each note's fundamental plus decaying
 * harmonics (a vowel-ish spectrum), 5.5 Hz vibrato of ±`vibratoCents`, a 20 ms glide between
 * notes, amplitude shimmer and breath noise at about -35 dB.
 */
export function sungSignal(notes: SungNote[], options: { sampleRate?: number; vibratoCents?: number; noiseLevel?: number; seed?: number } = {}): SungSignal {
  const sampleRate = options.sampleRate ?? 48_000;
  const vibratoCents = options.vibratoCents ?? 20;
  const noiseLevel = options.noiseLevel ?? 0.01;
  const random = mulberry32(options.seed ?? 7);
  const total = Math.round(notes.reduce((sum, note) => sum + note.seconds, 0) * sampleRate);
  const samples = new Float32Array(total);
  const trueFrequency = new Float32Array(total);
  const harmonics = [1, 0.55, 0.35, 0.2, 0.12, 0.06];
  const glide = Math.round(0.02 * sampleRate);
  let phase = 0;
  let index = 0;
  let previous = notes[0]?.frequency ?? 220;
  for (const note of notes) {
    const length = Math.round(note.seconds * sampleRate);
    for (let i = 0; i < length && index < total; i++, index++) {
      const t = index / sampleRate;
      const base = i < glide ? previous * Math.pow(note.frequency / previous, i / glide) : note.frequency;
      const frequency = base * Math.pow(2, (vibratoCents * Math.sin(2 * Math.PI * 5.5 * t)) / 1200);
      phase += (2 * Math.PI * frequency) / sampleRate;
      let value = 0;
      for (let h = 0; h < harmonics.length; h++) value += harmonics[h]! * Math.sin((h + 1) * phase);
      const shimmer = 1 + 0.05 * Math.sin(2 * Math.PI * 3.1 * t);
      samples[index] = 0.3 * shimmer * value + noiseLevel * (random() * 2 - 1);
      trueFrequency[index] = frequency;
    }
    previous = note.frequency;
  }
  return { samples, sampleRate, trueFrequency };
}

/** Cents between two frequencies. */
export function centsBetween(measured: number, truth: number): number {
  return 1200 * Math.log2(measured / truth);
}
