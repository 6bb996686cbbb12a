import { encodePcmFrame } from '@orch/ai-dawg';
import {
  chromiumMissingReason,
  createLatencyHistogram,
  deployedUrl,
  expectMetric,
  launchChromium,
  recordMetric,
  recordMilliseconds,
  startTarget,
  summarizeLatency,
  type SystemTarget,
  testUnless,
} from '@orch/harness';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { api } from './support/ai-dawg-env';
import { centsBetween, sungSignal } from './support/sung-signal';
import { JsonSocket } from './support/websocket-client';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const SAMPLE_RATE = 48_000;
const CHUNK = 4_800; // 100 ms
// A sung phrase: A3, B3, C#4, E4, D4, A3 (one second each), vibrato ±20 cents.
const PHRASE = [220, 246.94, 277.18, 329.63, 293.66, 220].map((frequency) => ({ frequency, seconds: 1 }));

interface PitchMessage {
  type: 'pitch';
  sequence: number;
  frequency: number | null;
  cents: number | null;
  note: string | null;
  processingMs: number;
}

/** A deployed AI DAWG is streamed to only when its vocal coach's URL is known too. */
const COACH_UNKNOWN =
  deployedUrl('ai-dawg') && !process.env.AIDAWG_VOCAL_COACH_URL
    ? `the deployed vocal coach's URL is not set (AIDAWG_VOCAL_COACH_URL); target is ${deployedUrl('ai-dawg')}`
    : undefined;

describe('Real-time vocal analysis: client streams 100 ms PCM chunks to the vocal coach process', () => {
  let target: SystemTarget;
  let coachSocketUrl = '';

  beforeAll(async () => {
    // The AI DAWG target: the reference backend and vocal coach as processes, or the deployed ones.
    target = await startTarget('ai-dawg', { aiDawg: { services: ['vocalCoach'] } });
    coachSocketUrl = `${target.urls.vocalCoach!.replace(/^http/, 'ws')}/ws/vocal`;
  }, 60_000);

  afterAll(async () => {
    await target?.stop();
  });

  testUnless(
    COACH_UNKNOWN,
    '[INT-12] [INT-13] [INT-15] a sung phrase streamed every 100 ms gets pitch feedback for every chunk in under 100 ms, within 15 cents of the true curve, with no dropped chunks',
    async () => {
      const signal = sungSignal(PHRASE, { sampleRate: SAMPLE_RATE });
      const chunks = Math.floor(signal.samples.length / CHUNK);
      const socket = await JsonSocket.connect(coachSocketUrl);
      const sentAt = new Map<number, number>();
      const latency = createLatencyHistogram();
      const readings = new Map<number, PitchMessage>();
      socket.socket.on('message', (raw, isBinary) => {
        if (isBinary) return;
        const message = JSON.parse(raw.toString()) as PitchMessage;
        if (message.type !== 'pitch') return;
        // Round trip from the chunk's scheduled send time: a late sender cannot hide latency.
        recordMilliseconds(latency, performance.now() - sentAt.get(message.sequence)!);
        readings.set(message.sequence, message);
      });
      // The client is this Jest worker, whose heap holds what earlier test files left: a full
      // collection now keeps the runner's own major GC (~100 ms) out of the 6 s measured window.
      // The client's event-loop delay is recorded beside the figure, as a load generator's health.
      collectGarbage();
      const clientDelay = monitorEventLoopDelay({ resolution: 10 });
      clientDelay.enable();
      try {
        // An open-model sender: chunk n is due at start + n * 100 ms, like a recorder's callback.
        const start = performance.now();
        for (let sequence = 0; sequence < chunks; sequence++) {
          const due = start + sequence * 100;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          sentAt.set(sequence, due);
          socket.send(encodePcmFrame(sequence, signal.samples.subarray(sequence * CHUNK, (sequence + 1) * CHUNK)));
        }
        socket.send({ type: 'end' });
        clientDelay.disable();
        const summary = (await socket.next((message) => message.type === 'summary', 10_000, 'session summary')) as unknown as {
          chunksReceived: number;
          droppedChunks: number;
          meanAbsCents: number;
          withinToleranceRatio: number;
          voicedChunks: number;
        };

        // Accuracy against the known curve: the chunk's mean true pitch (in cents) vs the reading.
        const errors: number[] = [];
        let unvoiced = 0;
        for (let sequence = 0; sequence < chunks; sequence++) {
          const reading = readings.get(sequence);
          if (!reading?.frequency) {
            unvoiced++;
            continue;
          }
          let logSum = 0;
          for (let i = sequence * CHUNK; i < (sequence + 1) * CHUNK; i++) logSum += Math.log2(signal.trueFrequency[i]!);
          errors.push(Math.abs(centsBetween(reading.frequency, 2 ** (logSum / CHUNK))));
        }
        const meanError = errors.reduce((sum, value) => sum + value, 0) / errors.length;
        const rtt = summarizeLatency(latency);

        expect(readings.size).toBe(chunks);
        // Every chunk, not a percentile: the seed's "<100ms" is per chunk.
        expectMetric({
          scenario: 'INT-12',
          name: 'vocal feedback round trip, every 100 ms chunk',
          histogram: latency,
          unit: 'ms',
          threshold: 'max<100',
          target: 'Expected latency: <100ms per chunk',
          details: { ...rtt, chunks, clientEventLoopDelayMaxMs: clientDelay.max / 1e6, clientEventLoopDelayP99Ms: clientDelay.percentile(99) / 1e6 },
        });
        const processing = [...readings.values()].map((reading) => reading.processingMs);
        expectMetric({
          scenario: 'INT-12',
          name: 'vocal coach processing time, every chunk',
          samples: processing,
          unit: 'ms',
          threshold: 'max<100',
          target: 'Vocal analysis happens in <100ms (real-time requirement)',
        });
        expectMetric({
          scenario: 'INT-13',
          name: 'pitch error vs the sung curve over voiced chunks',
          samples: errors,
          unit: 'cents',
          threshold: 'p(95)<15',
          target: 'Pitch accuracy calculated; pitch correction ±15 cents',
          details: { meanCents: meanError, voicedChunks: errors.length, unvoicedChunks: unvoiced, coachSummary: summary },
        });
        expectMetric({
          scenario: 'INT-13',
          name: 'chunks of the sung phrase detected as voiced',
          value: errors.length / chunks,
          unit: 'ratio',
          threshold: 'value>=0.9',
          target: 'Vocal Coach analyzes pitch in real-time',
        });
        expectMetric({
          scenario: 'INT-15',
          name: 'dropped audio chunks',
          value: summary.droppedChunks + (chunks - summary.chunksReceived),
          unit: 'chunks',
          threshold: 'count==0',
          target: 'No dropped audio chunks',
        });
        expect(summary.voicedChunks).toBe(errors.length);
      } finally {
        clientDelay.disable();
        await socket.close();
      }
    },
    30_000,
  );

  testUnless(COACH_UNKNOWN, '[INT-15] counts a gap in sequence numbers as dropped chunks and rejects malformed frames with a JSON error', async () => {
    const socket = await JsonSocket.connect(coachSocketUrl);
    try {
      const tone = sungSignal([{ frequency: 440, seconds: 0.5 }]).samples;
      for (const sequence of [0, 1, 4]) socket.send(encodePcmFrame(sequence, tone.subarray(0, CHUNK), 'int16'));
      socket.send(Buffer.from([1, 2, 3]));
      const error = await socket.next((message) => message.type === 'error', 5_000, 'frame error');
      expect(error).toMatchObject({ error: { code: 'BAD_AUDIO_FRAME' } });
      socket.send('not json');
      await socket.next((message) => (message as { error?: { code?: string } }).error?.code === 'BAD_MESSAGE', 5_000, 'message error');
      socket.send({ type: 'summary' });
      const summary = await socket.next((message) => message.type === 'summary', 5_000, 'summary');
      expect(summary).toMatchObject({ chunksReceived: 3, droppedChunks: 2 });
      const lastReading = socket.messages.map((message) => message.data).find((data) => data.sequence === 4);
      expect(lastReading).toMatchObject({ note: 'A4', droppedBefore: 2 });
    } finally {
      await socket.close();
    }
  });

  describe('studio page', () => {
    testUnless(
      COACH_UNKNOWN ?? chromiumMissingReason(),
      '[INT-14] the studio page in headless Chromium streams to the vocal coach and plots the live pitch curve',
      async () => {
        const user = await target.createUser('singer');
        const created = await api<{ project: { id: string } }>(target.baseUrl, 'POST', '/api/projects', user.token, { name: 'Vocal take', bpm: 90 });
        const notes = [220, 261.63, 329.63];
        const browser = await launchChromium();
        try {
          const page = await browser.newPage();
          // Arrival-to-render per point: when a pitch message reaches the page's socket handler, and
          // the next animation frame after the handler (the frame that paints what it drew), with
          // the point already in the plotted series by then.
          await page.addInitScript(() => {
            const scope = globalThis as unknown as {
              WebSocket: { prototype: object };
              requestAnimationFrame(callback: () => void): void;
              __renderTimes: { sequence: number; arrivalToRenderMs: number; plotted: boolean }[];
              __pitchPoints?: { sequence: number }[];
            };
            scope.__renderTimes = [];
            const descriptor = Object.getOwnPropertyDescriptor(scope.WebSocket.prototype, 'onmessage')!;
            Object.defineProperty(scope.WebSocket.prototype, 'onmessage', {
              configurable: true,
              get() {
                return descriptor.get!.call(this);
              },
              set(handler: (event: { data: unknown }) => void) {
                descriptor.set!.call(this, function (this: unknown, event: { data: unknown }) {
                  const arrived = performance.now();
                  handler.call(this, event);
                  const data = typeof event.data === 'string' ? (JSON.parse(event.data) as { type?: string; sequence?: number }) : {};
                  if (data.type !== 'pitch') return;
                  scope.requestAnimationFrame(() => {
                    const plotted = (scope.__pitchPoints ?? []).some((point) => point.sequence === data.sequence);
                    scope.__renderTimes.push({ sequence: data.sequence!, arrivalToRenderMs: performance.now() - arrived, plotted });
                  });
                });
              },
            });
          });
          const coachUrl = coachSocketUrl;
          await page.goto(
            `${target.baseUrl}/studio/${created.body.project.id}?token=${encodeURIComponent(user.token)}&coach=${encodeURIComponent(coachUrl)}&source=demo&notes=${notes.join(',')}&noteSeconds=1`,
          );
          const started = performance.now();
          await page.waitForFunction(() => Boolean((globalThis as unknown as { __studio: { summary?: unknown } }).__studio.summary), undefined, { timeout: 15_000 });
          const points = await page.evaluate(() => (globalThis as unknown as { __pitchPoints: { sequence: number; frequency: number | null }[] }).__pitchPoints);
          const seconds = (performance.now() - started) / 1000;
          expect(points.length).toBeGreaterThanOrEqual(30);
          // Each plotted point lies within 30 cents (vibrato ±20) of the note being sung at that time.
          const offNote = points.filter((point) => {
            if (!point.frequency) return false;
            const note = notes[Math.min(notes.length - 1, Math.floor(point.sequence / 10))]!;
            return Math.abs(centsBetween(point.frequency, note)) > 30;
          });
          const voiced = points.filter((point) => point.frequency).length;
          // The canvas shows a curve: count pixels in the curve's colour.
          const curvePixels = await page.evaluate(() => {
            // Runs in the page; typed structurally because the suite compiles without DOM types.
            interface Canvas {
              width: number;
              height: number;
              getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
            }
            const page = globalThis as unknown as { document: { getElementById(id: string): Canvas } };
            const canvas = page.document.getElementById('pitch');
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let count = 0;
            for (let i = 0; i < data.length; i += 4) if (data[i + 2]! > 200 && data[i]! < 120) count++;
            return count;
          });
          expect(curvePixels).toBeGreaterThan(200);
          const renders = await page.evaluate(
            () => (globalThis as unknown as { __renderTimes: { sequence: number; arrivalToRenderMs: number; plotted: boolean }[] }).__renderTimes,
          );
          expect(renders.map((render) => render.sequence).sort((a, b) => a - b)).toEqual(points.map((point) => point.sequence).sort((a, b) => a - b));
          expect(renders.filter((render) => !render.plotted)).toEqual([]);
          expectMetric({
            name: 'browser: pitch message arrival to the frame that plots it, every point',
            samples: renders.map((render) => render.arrivalToRenderMs),
            unit: 'ms',
            threshold: 'max<100',
            target: 'Frontend displays pitch curve; feedback appears in real-time',
            details: { points: renders.length },
          });
          expect(offNote).toEqual([]);
          recordMetric({ name: 'browser pitch curve: points plotted', value: points.length, unit: 'count', details: { voiced, curvePixels, seconds } });
          expectMetric({
            name: 'browser pitch curve: voiced points on the sung notes',
            value: voiced / points.length,
            unit: 'ratio',
            threshold: 'value>=0.9',
            target: 'Frontend displays pitch curve; feedback appears in real-time',
          });
        } finally {
          await browser.close();
        }
      },
      60_000,
    );
  });
});
