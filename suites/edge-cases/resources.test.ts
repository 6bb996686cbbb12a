import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { createTestBucket, expectMetric, recordMetric, testUnless, type TestBucket } from '@orch/harness';
import { loadProjectFolder, measureIntonation, mixdown, sineClip, StemExportQueue, writeWav, type ExportProgress, type LoadProgress, type Plugin } from '@orch/ai-dawg';

const FULL = process.env.ORCH_PROFILE === 'full';
const RATE = 48_000;
const GIB = 1024 ** 3;

/** A realistic insert chain: high-pass, shelves and bells, two compressors, a low-pass, a trim. */
const TEN_PLUGINS: Plugin[] = [
  { type: 'eq', filter: 'highpass', frequency: 80, q: 0.707 },
  { type: 'eq', filter: 'lowshelf', frequency: 200, gainDb: 2 },
  { type: 'eq', filter: 'peaking', frequency: 400, gainDb: -3, q: 1 },
  { type: 'eq', filter: 'peaking', frequency: 1_200, gainDb: 1.5, q: 1.4 },
  { type: 'eq', filter: 'peaking', frequency: 3_500, gainDb: 2, q: 2 },
  { type: 'eq', filter: 'highshelf', frequency: 9_000, gainDb: 1 },
  { type: 'compressor', thresholdDb: -18, ratio: 3 },
  { type: 'eq', filter: 'lowpass', frequency: 18_000, q: 0.707 },
  { type: 'compressor', thresholdDb: -6, ratio: 10, attackSeconds: 0.001 },
  { type: 'gain', gainDb: -24 },
];

describe('resource limits of professional sessions', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-resources-'));
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test('[EDGE-10] 100 tracks with 10 plugins each load and render offline without crashing (time and memory measured)', async () => {
    const seconds = FULL ? 30 : 0.25;
    const tracks = Array.from({ length: 100 }, (_, index) => ({
      name: `Track ${index + 1}`,
      clip: sineClip(55 * 2 ** ((index % 24) / 12), seconds, RATE, 0.3),
      plugins: TEN_PLUGINS,
    }));
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const result = await mixdown(tracks, RATE);
    const totalMs = performance.now() - started;
    const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    expect(result.nodeCount).toBe(100 * 12);
    expect(result.clip.channels[0]!.length).toBe(seconds * RATE);
    expect(result.nonFiniteSamples).toBe(0);
    recordMetric({
      name: '100 tracks x 10 plugins: load and render',
      unit: 'ms',
      value: totalMs,
      details: { audioSeconds: seconds, renderMs: result.renderMs, realTimeFactor: result.renderMs / 1000 / seconds, nodes: result.nodeCount },
    });
    recordMetric({ name: '100 tracks x 10 plugins: RSS growth', unit: 'MB', value: rssGrowthMb, details: { rssAfterMb: process.memoryUsage().rss / 1024 / 1024 } });
    recordMetric({
      name: '100 tracks x 10 plugins: render time per second of audio',
      unit: 'ratio',
      value: result.renderMs / 1000 / seconds,
      details: { note: 'offline render on a shared 2-core machine; under 1 would mean real-time capable' },
    });
  });

  const tenGibReason =
    FULL && fs.statfsSync(os.tmpdir()).bavail * fs.statfsSync(os.tmpdir()).bsize < 11 * GIB
      ? 'the full profile needs 11 GiB free in the temp dir for a real 10 GiB project'
      : undefined;
  testUnless(
    tenGibReason,
    '[EDGE-12] a large project folder loads with progress events; the 10 GB load time is measured (full) or extrapolated from the measured rate (ci)',
    async () => {
      const folder = path.join(scratch, 'big-project');
      const targetBytes = FULL ? 10 * GIB : 64 * 1024 * 1024;
      // 8 MB takes (about 58 s of 24-bit / 48 kHz mono each): 8 in ci, 1,280 in the full profile's 10 GiB.
      const fileBytes = 8 * 1024 * 1024;
      fs.mkdirSync(path.join(folder, 'Audio Files'), { recursive: true });
      // Real 24-bit WAV files, like a session's audio folder (one written, the rest copies of it).
      const wav = writeWav(sineClip(220, fileBytes / 3 / RATE, RATE), '24');
      for (let written = 0, index = 0; written < targetBytes; written += wav.length, index++) fs.writeFileSync(path.join(folder, 'Audio Files', `take-${index}.wav`), wav);
      // Three loads in ci, the median one kept: one pass on a shared machine is at the mercy of other tenants.
      const passes: { result: Awaited<ReturnType<typeof loadProjectFolder>>; events: LoadProgress[] }[] = [];
      for (let pass = 0; pass < (FULL ? 1 : 3); pass++) {
        const events: LoadProgress[] = [];
        passes.push({ result: await loadProjectFolder(folder, (progress) => events.push(progress), { progressEveryBytes: FULL ? 256 * 1024 * 1024 : 4 * 1024 * 1024 }), events });
      }
      const { result, events } = [...passes].sort((a, b) => a.result.bytesPerSecond - b.result.bytesPerSecond)[Math.floor(passes.length / 2)]!;
      // At most one event per 8 MB block read: 64 MB gives 8 plus the final one.
      expect(events.length).toBeGreaterThanOrEqual(8);
      expect(events.every((event, index) => index === 0 || event.fraction >= events[index - 1]!.fraction)).toBe(true);
      expect(events[events.length - 1]).toMatchObject({ fraction: 1, bytesLoaded: result.bytes, filesLoaded: result.files });
      const tenGbSeconds = (10 * GIB) / result.bytesPerSecond;
      expectMetric({
        name: FULL ? '10 GB project load time (measured)' : '10 GB project load time (extrapolated from the measured rate)',
        unit: 's',
        value: FULL ? result.elapsedMs / 1000 : tenGbSeconds,
        threshold: 'value<30',
        target: 'Load time <30 seconds, progress indicator',
        details: {
          measuredBytes: result.bytes,
          measuredSeconds: result.elapsedMs / 1000,
          bytesPerSecond: result.bytesPerSecond,
          passBytesPerSecond: passes.map((each) => Math.round(each.result.bytesPerSecond)),
          files: result.files,
          progressEvents: events.length,
          extrapolated: !FULL,
          caveat: 'files were just written, so reads may come from the page cache',
        },
      });
    },
    FULL ? 900_000 : 60_000,
  );

  describe('stem export', () => {
    let bucket: TestBucket;
    beforeAll(async () => {
      bucket = await createTestBucket('edge-stems');
    });
    afterAll(() => bucket?.drop());

    test('[EDGE-13] exporting 100 stems at once queues them (4 at a time) and reports progress to 100/100', async () => {
      const progress: ExportProgress[] = [];
      const queue = new StemExportQueue(async (name, bytes) => {
        await bucket.client.send(new PutObjectCommand({ Bucket: bucket.name, Key: `stems/${name}`, Body: bytes }));
      }, 4);
      queue.on('progress', (event: ExportProgress) => progress.push(event));
      const stems = Array.from({ length: 100 }, (_, index) => ({ name: `Stem ${String(index + 1).padStart(3, '0')}`, clip: sineClip(110 + index, FULL ? 10 : 0.25, RATE) }));
      const result = await queue.exportAll(stems);
      expect(result.failed).toEqual([]);
      expect(queue.maxRunning).toBe(4);
      expect(progress[0]).toMatchObject({ queued: 100, running: 0, done: 0, total: 100 });
      expect(progress[progress.length - 1]).toMatchObject({ queued: 0, running: 0, done: 100, total: 100 });
      expect(progress.every((event, index) => index === 0 || event.done >= progress[index - 1]!.done)).toBe(true);
      const listed = await bucket.client.send(new ListObjectsV2Command({ Bucket: bucket.name, Prefix: 'stems/' }));
      expect(listed.KeyCount).toBe(100);
    });
  });

  test('[EDGE-53] a 44.1 kHz track in a 48 kHz mix is converted, not played at the wrong pitch', async () => {
    const result = await mixdown([{ name: 'cd rip', clip: sineClip(440, 1, 44_100, 0.5) }], RATE);
    expect(result.resampledTracks).toEqual(['cd rip']);
    const measured = measureIntonation(result.clip.channels[0]!, RATE)!;
    const cents = Math.abs(1200 * Math.log2(measured.hz / 440));
    expectMetric({ name: 'pitch error of a converted track', unit: 'cents', value: cents, threshold: 'value<15', details: { measuredHz: measured.hz } });
  });

  test('[EDGE-54] NaN and infinite samples on one track never reach the master; a mix over full scale is reported as clipping', async () => {
    const broken = sineClip(220, 0.5, RATE, 0.5);
    broken.channels[0]![100] = Number.NaN;
    broken.channels[0]![200] = Number.POSITIVE_INFINITY;
    const loud = Array.from({ length: 4 }, (_, index) => ({ name: `loud ${index}`, clip: sineClip(220, 0.5, RATE, 0.9) }));
    const result = await mixdown([{ name: 'broken', clip: broken }, ...loud], RATE);
    expect(result.nonFiniteSamples).toBe(2);
    expect(result.clippedSamples).toBeGreaterThan(0);
    const nonFinite = result.clip.channels.reduce((sum, channel) => sum + channel.reduce((count, value) => count + (value - value === 0 ? 0 : 1), 0), 0);
    expectMetric({
      name: 'non-finite samples in the master',
      unit: 'count',
      value: nonFinite,
      threshold: 'count==0',
      details: { clippedSamples: result.clippedSamples, peak: result.peak },
    });
  });
});
