import { addHat, addKick, addSnare, mulberry32 } from '../audio/drum-voices';
import { GENRE_PATTERNS, type Genre, type Hit } from './genres';

export interface BeatRequest {
  genre: Genre;
  bpm: number;
  bars: number;
  sampleRate: number;
  seed?: number;
}

export interface GeneratedBeat {
  /** Mono PCM in [-1, 1]. */
  samples: Float32Array;
  sampleRate: number;
  bpm: number;
  bars: number;
  durationMs: number;
  model: string;
}

/**
 * What the producer asks for a beat. The reference implementation synthesises drums; a trained
 * model (weights, an inference server) can replace it behind the same interface.
 */
export interface BeatModel {
  readonly name: string;
  generate(request: BeatRequest): Promise<GeneratedBeat>;
}

/** Drum-machine synthesis: per-genre 16th-note patterns, swing, hat rolls, at exactly the requested tempo. */
export class DrumSynthBeatModel implements BeatModel {
  readonly name = 'drum-synth-v1';

  async generate(request: BeatRequest): Promise<GeneratedBeat> {
    const { sampleRate, bpm, bars } = request;
    const sixteenth = (60 / bpm / 4) * sampleRate;
    const barSamples = sixteenth * 16;
    // One extra half bar lets the last hits ring out.
    const samples = new Float32Array(Math.ceil(barSamples * (bars + 0.5)));
    const random = mulberry32(request.seed ?? 0x5eed);
    const patterns = GENRE_PATTERNS[request.genre];
    for (let bar = 0; bar < bars; bar++) {
      const pattern = patterns[bar % patterns.length]!;
      const position = (hit: Hit, offset = 0): number => {
        const step = hit.step + offset;
        // Swing delays every off-beat 16th; the integer part of `step` picks the grid slot.
        const swung = Math.floor(step) % 2 === 1 && offset === 0 ? pattern.swing * sixteenth : 0;
        return Math.round(bar * barSamples + step * sixteenth + swung);
      };
      for (const hit of pattern.kick) addKick(samples, position(hit), sampleRate, hit.velocity, pattern.kickDecay);
      for (const hit of pattern.snare) addSnare(samples, position(hit), sampleRate, hit.velocity, random);
      for (const hit of pattern.hat) {
        if (hit.roll) {
          for (let r = 0; r < hit.roll.hits; r++)
            addHat(samples, position(hit, (r * hit.roll.rollSteps) / hit.roll.hits), sampleRate, hit.velocity * (0.7 + 0.3 * (r / hit.roll.hits)), random, 0.015);
        } else {
          addHat(samples, position(hit), sampleRate, hit.velocity, random);
        }
      }
    }
    // Normalise to -1 dBFS so the 24-bit file uses its range without clipping.
    let peak = 0;
    for (const value of samples) peak = Math.max(peak, Math.abs(value));
    const gain = peak > 0 ? 0.891 / peak : 1;
    for (let i = 0; i < samples.length; i++) samples[i] = samples[i]! * gain;
    return { samples, sampleRate, bpm, bars, durationMs: Math.round((samples.length / sampleRate) * 1000), model: this.name };
  }
}
