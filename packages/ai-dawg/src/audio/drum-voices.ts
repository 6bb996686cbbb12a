/**
 * Drum voices synthesised from oscillators and noise with exponential envelopes. Each adds
 * into `out` from sample `start` on, so hits overlap naturally.
 */

/** A small deterministic PRNG: the same seed gives the same beat. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Kick: a sine swept from 150 Hz down to 48 Hz with a click on the attack; long decays make an 808. */
export function addKick(out: Float32Array, start: number, sampleRate: number, velocity: number, decaySeconds: number): void {
  const length = Math.min(out.length - start, Math.round(sampleRate * decaySeconds * 4));
  let phase = 0;
  for (let i = 0; i < length; i++) {
    const t = i / sampleRate;
    const frequency = 48 + (150 - 48) * Math.exp(-t / 0.03);
    phase += (2 * Math.PI * frequency) / sampleRate;
    const attack = Math.min(1, i / (0.001 * sampleRate));
    const body = Math.exp(-t / decaySeconds) * Math.sin(phase);
    const click = Math.exp(-t / 0.002) * 0.3;
    out[start + i] = (out[start + i] ?? 0) + velocity * 0.9 * attack * (body + click);
  }
}

/** Snare: a 185 Hz tone body plus band-limited noise, ~150 ms. */
export function addSnare(out: Float32Array, start: number, sampleRate: number, velocity: number, random: () => number): void {
  const length = Math.min(out.length - start, Math.round(sampleRate * 0.25));
  let previous = 0;
  for (let i = 0; i < length; i++) {
    const t = i / sampleRate;
    const white = random() * 2 - 1;
    const noise = white - previous * 0.5; // mild high-pass: snare wires are bright
    previous = white;
    const tone = Math.sin(2 * Math.PI * 185 * t) * Math.exp(-t / 0.04);
    out[start + i] = (out[start + i] ?? 0) + velocity * 0.6 * (0.5 * tone + 0.6 * noise * Math.exp(-t / 0.06));
  }
}

/** Closed hi-hat: differentiated (high-passed) noise with a 25-40 ms decay. */
export function addHat(out: Float32Array, start: number, sampleRate: number, velocity: number, random: () => number, decaySeconds = 0.03): void {
  const length = Math.min(out.length - start, Math.round(sampleRate * decaySeconds * 5));
  let previous = 0;
  for (let i = 0; i < length; i++) {
    const t = i / sampleRate;
    const white = random() * 2 - 1;
    const bright = white - previous;
    previous = white;
    out[start + i] = (out[start + i] ?? 0) + velocity * 0.25 * bright * Math.exp(-t / decaySeconds);
  }
}
