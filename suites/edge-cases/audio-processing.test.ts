import { expectMetric, recordMetric } from '@orch/harness';
import {
  applyFade,
  applyGain,
  AutomationEnvelope,
  compress,
  compTakes,
  correctPitch,
  correctTiming,
  detectTransients,
  equalize,
  measureIntonation,
  monoClip,
  normalizeClip,
  peakOf,
  rmsOf,
  sineClip,
  timeStretch,
  validatePlugin,
  type AudioClip,
} from '@orch/ai-dawg';

const RATE = 48_000;
const dB = (ratio: number): number => 20 * Math.log10(ratio);
const nonFinite = (clip: AudioClip): number => clip.channels.reduce((sum, channel) => sum + channel.reduce((count, value) => count + (Number.isFinite(value) ? 0 : 1), 0), 0);

describe('editing on real PCM: seed edge cases', () => {
  test('[EDGE-14] pitch correction on a silent clip is a no-op, not an error', () => {
    const silent = monoClip(new Float32Array(RATE * 2), RATE);
    const result = correctPitch(silent);
    expect(result).toMatchObject({ changed: false, reason: 'silent', shiftCents: 0 });
    expect(result.clip).toBe(silent);
  });

  test('[EDGE-15] a 400% time stretch works (4x as long, same pitch) and warns about quality', () => {
    const clip = sineClip(440, 1, RATE);
    const result = timeStretch(clip, 4);
    expect(result.clip.channels[0]!.length).toBe(4 * RATE);
    expect(result.warning).toMatch(/stretching by 400% degrades quality/);
    const before = measureIntonation(clip.channels[0]!, RATE)!;
    const after = measureIntonation(result.clip.channels[0]!, RATE)!;
    const drift = Math.abs(1200 * Math.log2(after.hz / before.hz));
    recordMetric({ name: 'pitch drift after a 400% stretch', unit: 'cents', value: drift, details: { beforeHz: before.hz, afterHz: after.hz } });
    expect(drift).toBeLessThan(15);
  });

  test('[EDGE-16] fades on a 1-sample clip are handled: linear and equal-power, in and out, finite and bounded', () => {
    for (const shape of ['linear', 'equal-power'] as const) {
      for (const direction of ['in', 'out'] as const) {
        const result = applyFade(monoClip(Float32Array.of(0.8), RATE), direction, 4_800, shape);
        expect(result).toMatchObject({ appliedSamples: 1, clamped: true });
        expect(Number.isFinite(result.clip.channels[0]![0]!)).toBe(true);
        expect(Math.abs(result.clip.channels[0]![0]!)).toBeLessThanOrEqual(0.8);
      }
    }
  });

  test('[EDGE-17] normalising audio already at full scale is detected and skipped', () => {
    const clip = sineClip(220, 1, RATE, 1);
    const result = normalizeClip(clip, 0);
    expect(result).toMatchObject({ skipped: true, reason: 'already-at-target', gain: 1 });
    expect(result.clip).toBe(clip);
  });
});

describe('editing on real PCM: further edge cases', () => {
  test('[EDGE-29] a fade on an empty clip and a fade longer than its clip are clamped, never an error', () => {
    expect(applyFade(monoClip(new Float32Array(0), RATE), 'in', 100)).toMatchObject({ appliedSamples: 0, clamped: true });
    const long = applyFade(sineClip(100, 0.01, RATE), 'out', RATE, 'equal-power');
    expect(long).toMatchObject({ appliedSamples: 480, clamped: true });
    expect(() => applyFade(sineClip(100, 0.01, RATE), 'in', -1)).toThrow(/non-negative/);
  });

  test('[EDGE-30] normalising a silent clip is skipped (no divide by zero)', () => {
    const result = normalizeClip(monoClip(new Float32Array(1000), RATE), -1);
    expect(result).toMatchObject({ skipped: true, reason: 'silent' });
    expect(nonFinite(result.clip)).toBe(0);
  });

  test('[EDGE-31] NaN and infinite samples never reach the output of a gain change', () => {
    const samples = sineClip(220, 0.1, RATE).channels[0]!;
    samples[10] = Number.NaN;
    samples[20] = Number.POSITIVE_INFINITY;
    samples[30] = Number.NEGATIVE_INFINITY;
    const result = applyGain(monoClip(samples, RATE), -3);
    expectMetric({ name: 'non-finite samples after gain', unit: 'count', value: nonFinite(result.clip), threshold: 'count==0' });
  });

  test('[EDGE-32] +12 dB on a half-scale clip clips: clamped to full scale and counted, never wrapped', () => {
    const result = applyGain(sineClip(220, 0.5, RATE, 0.5), 12);
    expect(result.clippedSamples).toBeGreaterThan(0);
    expectMetric({ name: 'output peak after +12 dB', unit: 'ratio', value: peakOf(result.clip), threshold: 'value<=1', details: { clippedSamples: result.clippedSamples } });
  });

  test('[EDGE-33] time-stretch factors of 0, negative or NaN are refused; 100% keeps the length without a warning', () => {
    for (const factor of [0, -2, Number.NaN, 100]) expect(() => timeStretch(sineClip(220, 0.1, RATE), factor)).toThrow(/stretch factor must be in \(0, 16\]/);
    const same = timeStretch(sineClip(220, 0.5, RATE), 1);
    expect(same.clip.channels[0]!.length).toBe(RATE / 2);
    expect(same.warning).toBeUndefined();
    expect(timeStretch(sineClip(220, 0.5, RATE), 0.25).warning).toMatch(/25%/);
  });

  test('[EDGE-34] an EQ band above Nyquist and a compressor ratio under 1 are refused with clear errors', () => {
    expect(() => validatePlugin({ type: 'eq', filter: 'peaking', frequency: 30_000, gainDb: 3 }, RATE)).toThrow('EQ frequency 30000 Hz must be between 0 and Nyquist (24000 Hz)');
    expect(() => validatePlugin({ type: 'compressor', thresholdDb: -20, ratio: 0.5 }, RATE)).toThrow('compressor ratio 0.5 must be 1-20');
  });

  test('[EDGE-35] a compressor on digital silence stays silent', async () => {
    const out = await compress(monoClip(new Float32Array(RATE), RATE), { thresholdDb: -40, ratio: 20, kneeDb: 0 });
    expectMetric({ name: 'peak out of a compressor fed silence', unit: 'ratio', value: peakOf(out), threshold: 'value<0.000001' });
  });

  test('[EDGE-36] the biquad EQ cuts 10 kHz by at least 20 dB through a 1 kHz low-pass (rendered by OfflineAudioContext)', async () => {
    const clip = sineClip(10_000, 1, RATE, 0.5);
    const out = await equalize(clip, [{ type: 'eq', filter: 'lowpass', frequency: 1_000, q: 0.707 }]);
    const attenuation = dB(rmsOf(clip.channels[0]!.subarray(RATE / 2)) / rmsOf(out.channels[0]!.subarray(RATE / 2)));
    expectMetric({ name: 'low-pass attenuation at 10 kHz', unit: 'dB', value: attenuation, threshold: 'value>=20' });
  });

  test('[EDGE-37] compression (4:1 above -20 dBFS) narrows the gap between a -6 dBFS and a -30 dBFS passage by at least 6 dB', async () => {
    // The Web Audio compressor adds automatic make-up gain, so the figure is the dynamic range, not the level.
    const loud = sineClip(440, 1, RATE, 0.5).channels[0]!;
    const quiet = sineClip(440, 1, RATE, 0.5 * 10 ** (-24 / 20)).channels[0]!;
    const input = new Float32Array(RATE * 2);
    input.set(loud);
    input.set(quiet, RATE);
    const out = (await compress(monoClip(input, RATE), { thresholdDb: -20, ratio: 4, attackSeconds: 0.001, releaseSeconds: 0.05, kneeDb: 0 })).channels[0]!;
    const gapIn = dB(rmsOf(input.subarray(RATE / 2, RATE)) / rmsOf(input.subarray(RATE * 1.5)));
    const gapOut = dB(rmsOf(out.subarray(RATE / 2, RATE)) / rmsOf(out.subarray(RATE * 1.5)));
    expectMetric({ name: 'dynamic range removed by the compressor', unit: 'dB', value: gapIn - gapOut, threshold: 'value>=6', details: { gapInDb: gapIn, gapOutDb: gapOut } });
  });

  test('[EDGE-38] pitch correction leaves a note already within ±15 cents untouched', () => {
    const clip = sineClip(440 * 2 ** (10 / 1200), 1, RATE);
    expect(correctPitch(clip)).toMatchObject({ changed: false, reason: 'in-tune' });
  });

  test('[EDGE-39] pitch correction pulls a note 40 cents sharp to within ±15 cents of A4', () => {
    const clip = sineClip(440 * 2 ** (40 / 1200), 2, RATE);
    const result = correctPitch(clip);
    expect(result.changed).toBe(true);
    expect(result.clip.channels[0]!.length).toBe(clip.channels[0]!.length);
    const after = measureIntonation(result.clip.channels[0]!, RATE)!;
    expect(Math.abs(after.hz - 440)).toBeLessThan(5);
    expectMetric({
      name: 'distance from the semitone after correction',
      unit: 'cents',
      samples: after.perChunk.map(Math.abs),
      threshold: 'max<=15',
      target: 'pitch correction (±15 cents tolerance)',
      details: { before: result.centsBefore },
    });
  });

  test('[EDGE-40] timing correction moves hits up to 20 ms off the grid onto it (within 1 ms)', () => {
    const bpm = 120;
    const grid = (60 / bpm / 4) * RATE;
    const samples = new Float32Array(RATE * 2);
    const offsets = [0.012, -0.018, 0.02, -0.009, 0.015, 0.004];
    const hits = offsets.map((offset, index) => Math.round((index + 1) * 2 * grid + offset * RATE));
    for (const hit of hits) for (let i = 0; i < 2_000; i++) samples[hit + i] = 0.8 * Math.exp(-i / 300) * Math.sin((2 * Math.PI * 180 * i) / RATE);
    const result = correctTiming(monoClip(samples, RATE), bpm);
    const after = detectTransients(result.clip.channels[0]!, RATE);
    expect(after).toHaveLength(hits.length);
    const errorsMs = after.map((position) => (Math.abs(position - Math.round(position / grid) * grid) / RATE) * 1000);
    expectMetric({ name: 'transient distance from the grid after correction', unit: 'ms', samples: errorsMs, threshold: 'max<1' });
  });

  test('[EDGE-41] comping ignores zero-length and inverted ranges, lets a later range win an overlap, refuses unknown takes', () => {
    const takes = new Map([
      ['a', monoClip(new Float32Array(1_000).fill(0.1), RATE)],
      ['b', monoClip(new Float32Array(1_000).fill(0.2), RATE)],
    ]);
    const result = compTakes(
      takes,
      [
        { takeId: 'a', start: 0, end: 600 },
        { takeId: 'b', start: 400, end: 1_000 },
        { takeId: 'a', start: 500, end: 500 },
        { takeId: 'b', start: 900, end: 100 },
      ],
      1_000,
      RATE,
    );
    expect(result.ignoredRanges).toBe(2);
    expect(result.clip.channels[0]![399]).toBeCloseTo(0.1);
    expect(result.clip.channels[0]![400]).toBeCloseTo(0.2);
    expect(() => compTakes(takes, [{ takeId: 'zz', start: 0, end: 10 }], 1_000, RATE)).toThrow('comp range names unknown take zz');
    expect(() => compTakes(new Map([['c', monoClip(new Float32Array(10), 44_100)]]), [{ takeId: 'c', start: 0, end: 10 }], 10, RATE)).toThrow(/44100 Hz; the comp is 48000 Hz/);
  });

  test('[EDGE-42] an automation lane of 1,000,000 points applies to 10 s of audio in under 2 s', () => {
    const points = Array.from({ length: 1_000_000 }, (_, i) => ({ time: (i / 1_000_000) * 10, value: 0.5 + 0.5 * Math.sin(i / 1000) }));
    const clip = sineClip(220, 10, RATE);
    const started = performance.now();
    const out = new AutomationEnvelope(points).apply(clip);
    const elapsed = performance.now() - started;
    expect(nonFinite(out)).toBe(0);
    expectMetric({ name: 'apply 1M automation points to 10 s', unit: 'ms', value: elapsed, threshold: 'value<2000' });
  });

  test('[EDGE-43] automation points out of order or at the same time are sorted (the last one wins); a NaN point is refused', () => {
    const envelope = new AutomationEnvelope([
      { time: 2, value: 0 },
      { time: 0, value: 1 },
      { time: 1, value: 0.2 },
      { time: 1, value: 0.5 },
    ]);
    expect(envelope.points).toEqual([
      { time: 0, value: 1 },
      { time: 1, value: 0.5 },
      { time: 2, value: 0 },
    ]);
    expect(envelope.valueAt(1.5)).toBeCloseTo(0.25);
    expect(() => new AutomationEnvelope([{ time: Number.NaN, value: 1 }])).toThrow(/not finite/);
  });
});
