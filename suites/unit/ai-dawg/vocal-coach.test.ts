import type { AddressInfo } from 'node:net';
import { buildVocalCoachApp, decimateByTwo, decodePcmFrame, encodePcmFrame, FRAME_HEADER_BYTES, nearestNote, PitchAnalyzer, SessionTally, type PitchReading } from '@orch/ai-dawg';
import type { FastifyInstance } from './support/ai-dawg-deps';
import { JsonSocket } from './support/json-socket';

const RATE = 48_000;
const CHUNK = 4_800;

function tone(frequency: number, samples = CHUNK, amplitude = 0.4, startSample = 0): Float32Array {
  const out = new Float32Array(samples);
  for (let i = 0; i < samples; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * (i + startSample)) / RATE);
  return out;
}

function centsBetween(measured: number, truth: number): number {
  return 1200 * Math.log2(measured / truth);
}

describe('PCM frame parsing', () => {
  test('a Float32 frame round-trips exactly, with its sequence number', () => {
    const samples = tone(220, 480);
    const frame = encodePcmFrame(0xfffffffe, samples);
    expect(frame.length).toBe(FRAME_HEADER_BYTES + 480 * 4);
    expect(frame.readUInt8(4)).toBe(1);
    const decoded = decodePcmFrame(frame);
    expect(decoded.sequence).toBe(0xfffffffe);
    expect(Array.from(decoded.samples)).toEqual(Array.from(samples));
  });

  test('an Int16 frame round-trips within one 16-bit step and clips beyond full scale', () => {
    const samples = Float32Array.from([0, 0.25, -0.5, 1.5, -2]);
    const frame = encodePcmFrame(3, samples, 'int16');
    expect(frame.length).toBe(FRAME_HEADER_BYTES + 5 * 2);
    const decoded = decodePcmFrame(frame);
    expect(decoded.sequence).toBe(3);
    const expected = [0, 0.25, -0.5, 1, -1];
    decoded.samples.forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThanOrEqual(1 / 32_767));
  });

  const valid = (): Buffer => encodePcmFrame(1, tone(220, 16));
  test.each<[string, () => Buffer, RegExp]>([
    ['shorter than the header', () => Buffer.alloc(5), /header/],
    [
      'two channels',
      () => {
        const b = valid();
        b.writeUInt8(2, 5);
        return b;
      },
      /channels must be 1/,
    ],
    [
      'an unknown sample format',
      () => {
        const b = valid();
        b.writeUInt8(9, 4);
        return b;
      },
      /unknown sample format 9/,
    ],
    ['a Float32 payload cut mid-sample', () => valid().subarray(0, FRAME_HEADER_BYTES + 6), /whole number/],
    ['an Int16 payload cut mid-sample', () => encodePcmFrame(1, tone(220, 4), 'int16').subarray(0, FRAME_HEADER_BYTES + 3), /whole number/],
    ['no samples', () => valid().subarray(0, FRAME_HEADER_BYTES), /1-48000 samples/],
    ['more than a second of audio', () => encodePcmFrame(1, new Float32Array(48_001)), /1-48000 samples/],
    ['NaN samples', () => encodePcmFrame(1, Float32Array.from([0.1, Number.NaN])), /NaN/],
  ])('a frame with %s is rejected as BAD_AUDIO_FRAME', (_label, make, message) => {
    expect(() => decodePcmFrame(make())).toThrow(expect.objectContaining({ code: 'BAD_AUDIO_FRAME', status: 400, message: expect.stringMatching(message) }));
  });
});

describe('pitch analyzer', () => {
  const analyzer = new PitchAnalyzer();
  beforeAll(() => analyzer.warmUp());

  test('nearestNote names notes and cents against A4 = 440 Hz', () => {
    expect(nearestNote(440)).toEqual({ note: 'A4', midi: 69, cents: 0 });
    expect(nearestNote(261.6256)).toMatchObject({ note: 'C4', midi: 60 });
    expect(nearestNote(27.5)).toMatchObject({ note: 'A0', midi: 21, cents: 0 });
    const sharp = nearestNote(440 * 2 ** (20 / 1200));
    expect(sharp).toMatchObject({ note: 'A4', midi: 69 });
    expect(sharp.cents).toBeCloseTo(20, 1);
    expect(nearestNote(440 * 2 ** (-30 / 1200)).cents).toBeCloseTo(-30, 1);
  });

  test.each([110, 220, 329.63, 440, 880])('a %f Hz tone is read within 5 cents with clarity ≥ 0.9', (frequency) => {
    const reading = analyzer.analyze(tone(frequency));
    expect(reading.frequency).not.toBeNull();
    expect(Math.abs(centsBetween(reading.frequency!, frequency))).toBeLessThan(5);
    expect(reading.clarity).toBeGreaterThanOrEqual(0.9);
    expect(reading.rms).toBeCloseTo(0.4 / Math.SQRT2, 2);
    expect(reading.note).toBe(nearestNote(frequency).note);
  });

  test('silence, noise and tones outside the singing range give no pitch', () => {
    const silent = analyzer.analyze(new Float32Array(CHUNK));
    expect(silent).toEqual({ frequency: null, clarity: 0, rms: 0, note: null, midi: null, cents: null });
    let seed = 1;
    const noise = Float32Array.from({ length: CHUNK }, () => ((seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647 - 0.5) * 0.8);
    const noisy = analyzer.analyze(noise);
    expect(noisy.frequency).toBeNull();
    expect(noisy.clarity).toBeLessThan(0.9);
    expect(analyzer.analyze(tone(3000)).frequency).toBeNull();
    expect(new PitchAnalyzer({ minFrequency: 300 }).analyze(tone(220)).frequency).toBeNull();
  });

  test('a chunk of another size gets its own detector and is still read correctly', () => {
    const reading = analyzer.analyze(tone(440, 2048));
    expect(Math.abs(centsBetween(reading.frequency!, 440))).toBeLessThan(5);
  });

  test('analysing at half the rate reads the same pitch as the full rate, within 1 cent', () => {
    const fullRate = new PitchAnalyzer({ decimate: false });
    for (const frequency of [82.41, 220, 329.63, 659.25, 1046.5]) {
      const half = analyzer.analyze(tone(frequency)).frequency!;
      const full = fullRate.analyze(tone(frequency)).frequency!;
      expect([frequency, Math.abs(centsBetween(half, full)) < 1]).toEqual([frequency, true]);
    }
  });

  test('the half-rate filter passes the voice and removes what would fold back', () => {
    const rms = (samples: Float32Array, from = 32, to = samples.length - 32): number => {
      let sum = 0;
      for (let i = from; i < to; i++) sum += samples[i]! ** 2;
      return Math.sqrt(sum / (to - from));
    };
    const voice = tone(1_000);
    const decimatedVoice = decimateByTwo(voice);
    expect(decimatedVoice.length).toBe(CHUNK / 2);
    // Edges skipped: the filter sees silence past the chunk there.
    expect(rms(decimatedVoice, 16, decimatedVoice.length - 16) / rms(voice)).toBeCloseTo(1, 1);
    const high = tone(15_000);
    expect(20 * Math.log10(rms(decimateByTwo(high), 16, CHUNK / 2 - 16) / rms(high))).toBeLessThan(-40);
  });
});

describe('session tally', () => {
  const voiced = (cents: number): PitchReading => ({ frequency: 440, clarity: 0.99, rms: 0.3, note: 'A4', midi: 69, cents });
  const unvoiced: PitchReading = { frequency: null, clarity: 0, rms: 0, note: null, midi: null, cents: null };

  test('an empty session summarises to zeros', () => {
    expect(new SessionTally().summary()).toEqual({
      type: 'summary',
      chunksReceived: 0,
      droppedChunks: 0,
      outOfOrderChunks: 0,
      voicedChunks: 0,
      meanAbsCents: 0,
      withinToleranceRatio: 0,
      toleranceCents: 15,
      maxProcessingMs: 0,
      meanProcessingMs: 0,
    });
  });

  test('sequence gaps count as dropped chunks and a late chunk fills one back in', () => {
    const tally = new SessionTally();
    expect(tally.sequence(0)).toBe(0);
    expect(tally.sequence(1)).toBe(0);
    expect(tally.sequence(4)).toBe(2);
    expect(tally.sequence(2)).toBe(0); // late
    expect(tally.sequence(5)).toBe(0);
    const summary = tally.summary();
    expect(summary).toMatchObject({ chunksReceived: 5, droppedChunks: 1, outOfOrderChunks: 1 });
    const late = new SessionTally();
    late.sequence(3);
    late.sequence(0);
    late.sequence(0); // a duplicate when nothing is left to fill does not go negative
    late.sequence(0);
    late.sequence(0);
    expect(late.summary().droppedChunks).toBe(0);
  });

  test('accuracy counts voiced chunks only: mean |cents| and the share within the tolerance', () => {
    const tally = new SessionTally(10);
    for (const [reading, ms] of [
      [voiced(5), 1],
      [voiced(-12), 3],
      [unvoiced, 2],
      [voiced(10), 0.5],
    ] as const) {
      tally.sequence(tally.summary().chunksReceived);
      tally.reading(reading, ms);
    }
    expect(tally.summary()).toMatchObject({ voicedChunks: 3, meanAbsCents: 9, withinToleranceRatio: 0.667, toleranceCents: 10, maxProcessingMs: 3, meanProcessingMs: 1.625 });
  });
});

describe('vocal coach app over a real WebSocket', () => {
  let app: FastifyInstance;
  let url: string;
  const sockets: JsonSocket[] = [];

  beforeAll(async () => {
    app = await buildVocalCoachApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/ws/vocal`;
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });
  afterAll(async () => {
    await app.close();
  });

  async function open(): Promise<JsonSocket> {
    const socket = await JsonSocket.connect(url);
    sockets.push(socket);
    return socket;
  }

  test('each 100 ms chunk is answered with its pitch, note and processing time; gaps are reported as dropped', async () => {
    const socket = await open();
    const frequencies = [220, 246.94, 261.63, 293.66];
    const sequences = [0, 1, 3, 4];
    const answers: Array<Record<string, unknown>> = [];
    for (let i = 0; i < sequences.length; i++) {
      socket.send(encodePcmFrame(sequences[i]!, tone(frequencies[i]!), i % 2 ? 'int16' : 'float32'));
      answers.push(await socket.next());
    }
    answers.forEach((answer, i) => {
      expect(answer).toMatchObject({ type: 'pitch', sequence: sequences[i], note: nearestNote(frequencies[i]!).note });
      expect(Math.abs(centsBetween(answer.frequency as number, frequencies[i]!))).toBeLessThan(5);
      expect(answer.processingMs).toBeGreaterThanOrEqual(0);
      expect(answer.processingMs).toBeLessThan(100);
      expect(typeof answer.at).toBe('number');
    });
    expect(answers.map((answer) => answer.droppedBefore)).toEqual([0, 0, 1, 0]);
    socket.send(JSON.stringify({ type: 'summary' }));
    expect(await socket.next()).toMatchObject({ type: 'summary', chunksReceived: 4, droppedChunks: 1, voicedChunks: 4, withinToleranceRatio: 1 });
  });

  test('bad frames and unknown messages get a coded error and the session goes on', async () => {
    const socket = await open();
    socket.send(Buffer.from([1, 2, 3]));
    expect(await socket.next()).toEqual({ type: 'error', error: { code: 'BAD_AUDIO_FRAME', message: expect.stringContaining('header') } });
    socket.send('hello');
    expect(await socket.next()).toEqual({ type: 'error', error: { code: 'BAD_MESSAGE', message: expect.stringContaining('JSON') } });
    socket.send(JSON.stringify({ type: 'dance' }));
    expect(await socket.next()).toEqual({ type: 'error', error: { code: 'BAD_MESSAGE', message: expect.stringContaining('unknown command') } });
    socket.send(encodePcmFrame(0, tone(440)));
    expect(await socket.next()).toMatchObject({ type: 'pitch', note: 'A4' });
  });

  test('{"type":"end"} returns the summary and closes the socket normally; health counts open sessions', async () => {
    const socket = await open();
    const during = await app.inject({ method: 'GET', url: '/health' });
    expect(during.statusCode).toBe(200);
    expect(during.json()).toMatchObject({ service: 'ai-dawg-vocal-coach', status: 'healthy', dependencies: [] });
    expect(during.json().activeSessions).toBeGreaterThanOrEqual(1);
    socket.send(encodePcmFrame(0, new Float32Array(CHUNK)));
    expect(await socket.next()).toMatchObject({ type: 'pitch', frequency: null, note: null });
    socket.send(JSON.stringify({ type: 'end' }));
    expect(await socket.next()).toMatchObject({ type: 'summary', chunksReceived: 1, voicedChunks: 0 });
    expect(await socket.closed).toEqual({ code: 1000, reason: 'session ended' });
  });

  test('an unknown route is a coded 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route GET /nope' } });
  });
});
