import { decodeWav, detectOnsets, DrumSynthBeatModel, encodeWav, estimateTempo, GENRE_PATTERNS, GENRES, measureTempo, mulberry32, addHat, addKick, addSnare } from '@orch/ai-dawg';

const RATE = 48_000;

function sine(frequency: number, seconds: number, amplitude = 0.5, rate = RATE): Float32Array {
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / rate);
  return out;
}

/** Short noise clicks on every 16th at `bpm`: the simplest signal with a known tempo. */
function clickTrack(bpm: number, seconds: number): Float32Array {
  const out = new Float32Array(seconds * RATE);
  const random = mulberry32(7);
  const sixteenth = (60 / bpm / 4) * RATE;
  for (let position = 0; position < out.length; position += sixteenth) addHat(out, Math.round(position), RATE, 0.8, random);
  return out;
}

function peak(samples: Float32Array, from = 0, to = samples.length): number {
  let max = 0;
  for (let i = from; i < to; i++) max = Math.max(max, Math.abs(samples[i]!));
  return max;
}

describe('WAV codec', () => {
  test.each([16, 24, 32] as const)('a %i-bit mono WAV decodes back to the samples within one quantisation step', (bitDepth) => {
    const samples = sine(440, 0.05);
    const bytes = encodeWav(samples, RATE, bitDepth);
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('ascii')).toBe('WAVE');
    // 44-byte header plus bitDepth/8 bytes per sample.
    expect(bytes.length).toBe(44 + samples.length * (bitDepth / 8));
    const decoded = decodeWav(bytes);
    expect(decoded).toMatchObject({ sampleRate: RATE, bitDepth, channels: 1 });
    expect(decoded.samples.length).toBe(samples.length);
    let worst = 0;
    for (let i = 0; i < samples.length; i++) worst = Math.max(worst, Math.abs(decoded.samples[i]! - samples[i]!));
    expect(worst).toBeLessThanOrEqual(2 / 2 ** (bitDepth - 1));
  });

  test('samples beyond full scale are clipped to ±1, not wrapped', () => {
    const decoded = decodeWav(encodeWav(Float32Array.from([2, -3, 0.5]), 44_100));
    expect(decoded.sampleRate).toBe(44_100);
    expect(decoded.bitDepth).toBe(24);
    expect(decoded.samples[0]).toBeCloseTo(1, 5);
    expect(decoded.samples[1]).toBeCloseTo(-1, 5);
    expect(decoded.samples[2]).toBeCloseTo(0.5, 5);
  });

  test('bytes that are not a WAV are rejected', () => {
    expect(() => decodeWav(Buffer.from('not a wave file at all, just text'))).toThrow();
  });
});

describe('drum voices', () => {
  test('the PRNG is deterministic per seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(c()).not.toBe(first[0]);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...first)).toBeLessThan(1);
    const mean = first.reduce((sum, value) => sum + value, 0) / first.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  test('a kick starts at its offset, decays, and a longer decay (808) rings longer', () => {
    const short = new Float32Array(RATE);
    const long = new Float32Array(RATE);
    addKick(short, 1000, RATE, 1, 0.1);
    addKick(long, 1000, RATE, 1, 0.7);
    expect(peak(short, 0, 1000)).toBe(0);
    expect(peak(short, 1000, 3000)).toBeGreaterThan(0.5);
    // 300-400 ms after the hit: the short kick has died away, the 808 tail is still there.
    expect(peak(short, 1000 + 0.3 * RATE, 1000 + 0.4 * RATE)).toBeLessThan(0.05);
    expect(peak(long, 1000 + 0.3 * RATE, 1000 + 0.4 * RATE)).toBeGreaterThan(0.3);
  });

  test('snare and hat add into the buffer (hits overlap) and stop at the buffer end', () => {
    const out = new Float32Array(2000).fill(0.1);
    addSnare(out, 1500, RATE, 1, mulberry32(1));
    addHat(out, 1900, RATE, 1, mulberry32(2));
    expect(out.length).toBe(2000);
    expect(out.slice(0, 1500).every((value) => value === Math.fround(0.1))).toBe(true);
    expect(peak(out, 1500, 2000)).toBeGreaterThan(0.2);
  });

  test('a hat is brighter than a kick: far more sign changes per second', () => {
    const hat = new Float32Array(4800);
    const kick = new Float32Array(4800);
    addHat(hat, 0, RATE, 1, mulberry32(3));
    addKick(kick, 0, RATE, 1, 0.3);
    const crossings = (x: Float32Array): number => x.slice(1).filter((value, i) => Math.sign(value) !== Math.sign(x[i]!)).length;
    expect(crossings(hat)).toBeGreaterThan(10 * crossings(kick));
  });
});

describe('onset tempo', () => {
  test('a 16th-note click track at 128 bpm is measured at 128 bpm with one onset per click', () => {
    const samples = clickTrack(128, 4);
    const onsets = detectOnsets(samples, RATE);
    const clicks = Math.floor(4 / (60 / 128 / 4));
    expect(Math.abs(onsets.length - clicks)).toBeLessThanOrEqual(1);
    const estimate = measureTempo(samples, RATE, { expectedBpm: 128 });
    expect(Math.abs(estimate.bpm - 128)).toBeLessThan(0.1);
    expect(estimate.confidence).toBeGreaterThan(0.9);
    expect(estimate.medianInterOnsetSeconds).toBeCloseTo(60 / 128 / 4, 2);
  });

  test('without an expected tempo the search spans 60-200 bpm and finds a 100 bpm track', () => {
    const estimate = measureTempo(clickTrack(100, 4), RATE);
    expect(Math.abs(estimate.bpm - 100)).toBeLessThan(0.1);
  });

  test('a wrong tempo inside the verification window is measured as such (138 is not 140)', () => {
    const estimate = measureTempo(clickTrack(138, 4), RATE, { expectedBpm: 140 });
    expect(Math.abs(estimate.bpm - 138)).toBeLessThan(0.2);
  });

  test('silence and a steady tone have no onsets and no tempo', () => {
    expect(detectOnsets(new Float32Array(RATE), RATE)).toEqual([]);
    expect(detectOnsets(new Float32Array(100), RATE)).toEqual([]);
    const estimate = measureTempo(sine(220, 1), RATE);
    expect(estimate).toEqual({ bpm: 0, confidence: 0, onsetCount: estimate.onsetCount, medianInterOnsetSeconds: 0 });
    expect(estimate.onsetCount).toBeLessThan(4);
  });

  test('fewer than four onsets give no estimate', () => {
    expect(
      estimateTempo([
        { timeSeconds: 0, strength: 2 },
        { timeSeconds: 0.5, strength: 2 },
      ]),
    ).toEqual({ bpm: 0, confidence: 0, onsetCount: 2, medianInterOnsetSeconds: 0 });
  });

  test('options tune the onset detector: a high threshold keeps only the strongest attacks', () => {
    const samples = clickTrack(120, 2);
    const normal = detectOnsets(samples, RATE, { hop: 128, window: 256, minGapMs: 25 });
    const strict = detectOnsets(samples, RATE, { threshold: 50 });
    expect(normal.length).toBeGreaterThan(10);
    expect(strict.length).toBe(0);
  });
});

describe('drum-synth beat model', () => {
  const model = new DrumSynthBeatModel();

  test.each(GENRES.map((genre, index) => [genre, [140, 90, 124, 142, 80][index]!] as const))(
    '%s at %i bpm renders the bars at exactly that tempo, normalised to -1 dBFS',
    async (genre, bpm) => {
      const beat = await model.generate({ genre, bpm, bars: 2, sampleRate: RATE });
      const barSeconds = (60 / bpm) * 4;
      expect(beat).toMatchObject({ sampleRate: RATE, bpm, bars: 2, model: 'drum-synth-v1' });
      expect(beat.samples.length).toBe(Math.ceil(barSeconds * 2.5 * RATE));
      expect(beat.durationMs).toBe(Math.round((beat.samples.length / RATE) * 1000));
      expect(peak(beat.samples)).toBeCloseTo(0.891, 3);
      const measured = measureTempo(beat.samples, RATE, { expectedBpm: bpm });
      expect(Math.abs(measured.bpm - bpm)).toBeLessThan(1);
    },
  );

  test('the same seed renders the same beat; swing is set for boom-bap and lo-fi only', async () => {
    const a = await model.generate({ genre: 'trap', bpm: 140, bars: 1, sampleRate: RATE, seed: 9 });
    const b = await model.generate({ genre: 'trap', bpm: 140, bars: 1, sampleRate: RATE, seed: 9 });
    const c = await model.generate({ genre: 'trap', bpm: 140, bars: 1, sampleRate: RATE, seed: 10 });
    expect(Buffer.from(a.samples.buffer).equals(Buffer.from(b.samples.buffer))).toBe(true);
    expect(Buffer.from(a.samples.buffer).equals(Buffer.from(c.samples.buffer))).toBe(false);
    expect(GENRE_PATTERNS['boom-bap'][0]!.swing).toBe(0.12);
    expect(GENRE_PATTERNS['lo-fi'][0]!.swing).toBe(0.16);
    expect(GENRE_PATTERNS.trap.every((bar) => bar.swing === 0)).toBe(true);
    // Trap's second bar carries hat rolls.
    expect(GENRE_PATTERNS.trap[1]!.hat.some((hit) => hit.roll)).toBe(true);
  });
});
