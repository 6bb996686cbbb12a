import { deployedUrl, remoteLoadRefusal, runWebSocketStreams, sampleProcess, serverProcessId, startTarget, testUnless, type SystemTarget } from '@orch/harness';
import { exclusiveLoad } from './src/exclusive-load';
import { describeGenerator, loadDetails } from './src/generator-details';
import { VOCAL_LOAD } from './src/load-profiles';
import { MetricBatch } from './src/metric-batch';
import { performanceProfile, timeoutFor } from './src/profile';
import { frameFor, sungFrames } from './src/sung-chunks';

const profile = performanceProfile();

function refusalReason(): string | undefined {
  const url = deployedUrl('ai-dawg');
  if (url && !process.env.AIDAWG_VOCAL_COACH_URL) return `the vocal coach's URL is not set (AIDAWG_VOCAL_COACH_URL) for the deployed AI DAWG at ${url}`;
  return remoteLoadRefusal(process.env.AIDAWG_VOCAL_COACH_URL ?? url);
}

describe('Vocal coach WebSocket with 50 streaming users (seed: < 100 ms per chunk, 0% dropped, no leak, CPU < 80%)', () => {
  let target: SystemTarget;
  const reason = refusalReason();

  beforeAll(async () => {
    if (reason) return;
    // Under the lock: a start-up must not run during another file's measurement.
    target = await exclusiveLoad(async () => startTarget('ai-dawg', { aiDawg: { services: ['vocalCoach'] } }));
  }, 60_000);

  afterAll(async () => {
    await exclusiveLoad(async () => target?.stop());
  });

  testUnless(
    reason,
    '[PERF-21] [PERF-22] [PERF-23] [PERF-24] 50 clients stream 100 ms PCM chunks at real time: every chunk analysed within 100 ms, none dropped, RSS flat, server CPU under 80%',
    async () => {
      const coachUrl = target.urls.vocalCoach!;
      const frames = sungFrames(VOCAL_LOAD.frequencyHz, VOCAL_LOAD.sampleRate, VOCAL_LOAD.chunkMs);
      const pid = serverProcessId(coachUrl);
      const { result, server } = await exclusiveLoad(async () => {
        // One unrecorded second of the same streams: the coach's hot path is optimised by the JIT before it is measured.
        await runWebSocketStreams({
          url: `${coachUrl.replace(/^http/, 'ws')}/ws/vocal`,
          clients: VOCAL_LOAD.streams,
          durationMs: 1000,
          chunkMs: VOCAL_LOAD.chunkMs,
          chunk: (_client, sequence) => frameFor(frames, sequence),
          answerOf: () => undefined,
          replyTimeoutMs: 0,
        });
        const sampler = pid ? sampleProcess(pid, { intervalMs: 250, settleMs: profile.vocalSettleSeconds * 1000 }) : undefined;
        const streams = await runWebSocketStreams({
          url: `${coachUrl.replace(/^http/, 'ws')}/ws/vocal`,
          clients: VOCAL_LOAD.streams,
          durationMs: profile.vocalSeconds * 1000,
          chunkMs: VOCAL_LOAD.chunkMs,
          chunk: (_client, sequence) => frameFor(frames, sequence),
          answerOf: (message, isBinary) => {
            if (isBinary) return undefined;
            const data = JSON.parse(message.toString()) as { type?: string; sequence?: number; error?: { code: string; message: string } };
            if (data.type === 'pitch' && typeof data.sequence === 'number') return { sequence: data.sequence };
            return undefined;
          },
        });
        return { result: streams, server: sampler?.stop() };
      });
      const batch = new MetricBatch(`Vocal coach: ${VOCAL_LOAD.streams} streams × ${1000 / VOCAL_LOAD.chunkMs} chunks/s for ${profile.vocalSeconds} s`);
      const details = loadDetails({
        profile: profile.name,
        generator: result.generator,
        server,
        extra: {
          streams: VOCAL_LOAD.streams,
          expected: result.expected,
          sent: result.sent,
          answered: result.answered,
          lateSends: result.lateSends,
          disconnects: result.disconnects,
          target: target.kind,
        },
      });
      batch.seed('PERF-21', { name: 'vocal coach latency per chunk (max) with 50 streams', histogram: result.chunkLatency, details });
      batch.add({
        scenario: 'PERF-21',
        name: 'vocal coach latency per chunk (p99) with 50 streams',
        unit: 'ms',
        threshold: 'p(99)<100',
        target: 'Latency per chunk: Target <100ms',
        histogram: result.chunkLatency,
        details,
      });
      batch.seed('PERF-22', { name: 'vocal coach dropped chunks with 50 streams', value: result.droppedRate, details });
      if (server) {
        batch.add({
          scenario: 'PERF-23',
          name: 'vocal coach RSS growth under sustained streaming',
          unit: 'MB/min',
          threshold: profile.vocalLeakThreshold,
          target: 'Memory usage: Should not leak',
          value: server.rssSlopeMbPerMinute,
          details,
        });
        batch.seed('PERF-24', { name: 'vocal coach CPU under sustained streaming (share of its core)', value: server.cpuRatio, details });
      }
      batch.add({ scenario: 'PERF-21', name: 'load generator CPU (vocal streams)', unit: 'ratio', value: result.generator.cpuRatio, details });
      batch.note(`${result.answered}/${result.expected} chunks answered, ${result.dropped} dropped, ${result.lateSends} late sends, ${result.disconnects} disconnects`);
      if (server)
        batch.note(
          `server: CPU ${(server.cpuRatio * 100).toFixed(0)}% of a core, RSS ${server.rssStartMb} → ${server.rssEndMb} MB (max ${server.rssMaxMb}), slope ${server.rssSlopeMbPerMinute} MB/min after ${profile.vocalSettleSeconds} s`,
        );
      batch.note(describeGenerator(result.generator));
      if (result.errorSamples.length > 0) batch.note(`errors: ${result.errorSamples.slice(0, 3).join(' | ')}`);
      batch.assertAll();
      // Without /proc the server's memory and CPU cannot be read: fail rather than pass silently.
      expect(server).toBeDefined();
    },
    timeoutFor(profile.vocalSeconds),
  );
});
