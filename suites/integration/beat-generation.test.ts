import { GetObjectCommand } from '@aws-sdk/client-s3';
import { decodeWav, measureTempo, type Genre } from '@orch/ai-dawg';
import {
  chromiumMissingReason,
  createTestBucket,
  createTestDatabase,
  expectMetric,
  launchChromium,
  recordMetric,
  redisKeyPrefix,
  serviceConnection,
  type TestBucket,
  type TestDatabase,
  testUnless,
} from '@orch/harness';
import { Client } from 'pg';
import { aiDawgEnv, api, registerUser, type TestUser } from './support/ai-dawg-env';
import { deleteRedisKeys } from './support/redis-cleanup';
import { AI_DAWG_ENTRIES, startServiceProcess, type ServiceProcess } from './support/service-process';
import { NEEDS_STORAGE } from './support/target-reasons';
import { JsonSocket } from './support/websocket-client';

interface JobBody {
  job: { id: string; state: string; result?: { url: string; s3Key: string } };
}

async function s3Bytes(bucket: TestBucket, key: string): Promise<Uint8Array> {
  const object = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.name, Key: key }));
  return object.Body!.transformToByteArray();
}

describe('Beat generation flow: backend -> producer (BullMQ worker) -> S3 + Postgres -> WebSocket', () => {
  let database: TestDatabase;
  let bucket: TestBucket;
  let backend: ServiceProcess;
  let producer: ServiceProcess;
  let user: TestUser;
  let sql: Client;
  const prefix = redisKeyPrefix('int-beats');

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'int_beats' });
    bucket = await createTestBucket('int-beats');
    const env = aiDawgEnv({ databaseUrl: database.url, redisUrl: serviceConnection('redis').url, s3: serviceConnection('s3'), bucket: bucket.name, redisPrefix: prefix });
    // The producer starts first: it applies the migrations the backend would otherwise apply.
    producer = await startServiceProcess(AI_DAWG_ENTRIES.producer, env);
    backend = await startServiceProcess(AI_DAWG_ENTRIES.backend, { ...env, PRODUCER_URL: producer.url });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    user = await registerUser(backend.url, 'beatmaker');
  }, 90_000);

  afterAll(async () => {
    await sql?.end();
    await backend?.stop();
    await producer?.stop();
    await deleteRedisKeys(serviceConnection('redis').url, prefix);
    await bucket?.drop();
    await database?.drop();
  });

  async function newProject(name: string, bpm: number): Promise<string> {
    const created = await api<{ project: { id: string } }>(backend.url, 'POST', '/api/projects', user.token, { name, bpm });
    expect(created.status).toBe(201);
    return created.body.project.id;
  }

  testUnless(
    NEEDS_STORAGE,
    '[INT-08] [INT-09] [INT-10] [INT-11] a trap beat at 140 bpm lands in S3 as 24-bit/48 kHz WAV at 140 ± 1 bpm, its URL in Postgres, and a WebSocket event fires',
    async () => {
      const projectId = await newProject('Trap session', 140);
      const feed = await JsonSocket.connect(`${backend.url.replace('http', 'ws')}/ws/projects/${projectId}?token=${encodeURIComponent(user.token)}`);
      try {
        await feed.next((message) => message.type === 'subscribed', 5_000, 'subscription ack');
        const started = performance.now();
        const accepted = await api<JobBody>(backend.url, 'POST', '/api/ai/generate-beat', user.token, { genre: 'trap', bpm: 140, projectId });
        expect(accepted.status).toBe(202);
        const event = await feed.next((message) => message.type === 'beat.ready' && message.jobId === accepted.body.job.id, 30_000, 'beat.ready event');
        const flowSeconds = (performance.now() - started) / 1000;

        // INT-09: the WAV is in S3 under the project's folder and decodes as 24-bit / 48 kHz at 140 bpm.
        const key = String(event.s3Key);
        expect(key.startsWith(`projects/${projectId}/beats/`)).toBe(true);
        const wav = decodeWav(await s3Bytes(bucket, key));
        expect([wav.bitDepth, wav.sampleRate, wav.channels]).toEqual([24, 48_000, 1]);
        const tempo = measureTempo(wav.samples, wav.sampleRate, { expectedBpm: 140 });
        expectMetric({
          scenario: 'INT-09',
          name: 'generated trap beat: tempo measured from onsets',
          value: Math.abs(tempo.bpm - 140),
          unit: 'bpm',
          threshold: 'value<=1',
          target: 'trap beat at 140 BPM (±1 bpm)',
          details: {
            measuredBpm: tempo.bpm,
            confidence: tempo.confidence,
            onsets: tempo.onsetCount,
            durationSeconds: wav.samples.length / wav.sampleRate,
            bitDepth: wav.bitDepth,
            sampleRate: wav.sampleRate,
          },
        });

        // INT-10: the project row has the beat's URL; loading the project shows beat and file.
        const rows = await sql.query('SELECT url, s3_key, genre, bpm FROM beats WHERE project_id = $1', [projectId]);
        expect(rows.rows).toEqual([{ url: event.url, s3_key: key, genre: 'trap', bpm: 140 }]);
        expect(String(event.url)).toBe(`${serviceConnection('s3').url}/${bucket.name}/${key}`);
        const loaded = await api<{ project: { beats: { url: string }[]; files: { key: string }[] } }>(backend.url, 'GET', `/api/projects/${projectId}`, user.token);
        expect(loaded.body.project.beats.map((beat) => beat.url)).toEqual([event.url]);
        expect(loaded.body.project.files.map((file) => file.key)).toContain(key);
        const job = await api<JobBody>(backend.url, 'GET', `/api/ai/jobs/${accepted.body.job.id}`, user.token);
        expect(job.body.job).toMatchObject({ state: 'completed', result: { url: event.url, s3Key: key } });

        // INT-08 / INT-11: the whole flow, request to WebSocket event, against the seed's 10-30 s.
        expectMetric({
          scenario: ['INT-08', 'INT-11'],
          name: 'beat generation: request to WebSocket event',
          value: flowSeconds,
          unit: 's',
          threshold: 'value<30',
          target: 'Beat generation takes 10-30 seconds (AI processing time); faster is better (drum-synth model, no weights)',
          details: { model: 'drum-synth-v1', genre: 'trap', bpm: 140 },
        });
      } finally {
        await feed.close();
      }
    },
    60_000,
  );

  testUnless(
    NEEDS_STORAGE,
    '[INT-08] a burst of beat requests queues instead of failing: every request is accepted and every beat is rendered at its tempo',
    async () => {
      const projectId = await newProject('Burst session', 120);
      const requests: { genre: Genre; bpm: number }[] = [
        { genre: 'trap', bpm: 150 },
        { genre: 'drill', bpm: 142 },
        { genre: 'boom-bap', bpm: 90 },
        { genre: 'lo-fi', bpm: 80 },
        { genre: 'house', bpm: 124 },
        { genre: 'trap', bpm: 130 },
        { genre: 'drill', bpm: 140 },
        { genre: 'boom-bap', bpm: 86 },
        { genre: 'lo-fi', bpm: 74 },
        { genre: 'house', bpm: 120 },
      ];
      const started = performance.now();
      const accepted = await Promise.all(requests.map((request) => api<JobBody>(backend.url, 'POST', '/api/ai/generate-beat', user.token, { ...request, projectId, bars: 2 })));
      expect(accepted.map((response) => response.status)).toEqual(requests.map(() => 202));
      const finished = await Promise.all(
        accepted.map(async (response) => {
          for (;;) {
            const job = await api<JobBody>(backend.url, 'GET', `/api/ai/jobs/${response.body.job.id}`, user.token);
            if (job.body.job.state === 'completed' || job.body.job.state === 'failed') return job.body.job;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }),
      );
      const drainSeconds = (performance.now() - started) / 1000;
      expect(finished.map((job) => job.state)).toEqual(requests.map(() => 'completed'));
      const errors: string[] = [];
      for (const [index, job] of finished.entries()) {
        const wav = decodeWav(await s3Bytes(bucket, job.result!.s3Key));
        const { bpm } = requests[index]!;
        const measured = measureTempo(wav.samples, wav.sampleRate, { expectedBpm: bpm }).bpm;
        if (wav.bitDepth !== 24 || wav.sampleRate !== 48_000 || Math.abs(measured - bpm) > 1)
          errors.push(`${requests[index]!.genre}@${bpm}: ${wav.bitDepth}-bit ${wav.sampleRate} Hz, measured ${measured}`);
      }
      expect(errors).toEqual([]);
      expect((await sql.query('SELECT count(*)::int AS n FROM beats WHERE project_id = $1', [projectId])).rows[0].n).toBe(requests.length);
      recordMetric({
        name: 'beat queue: 10 concurrent requests drained',
        value: drainSeconds,
        unit: 's',
        details: { requests: requests.length, rejected: 0, workerConcurrency: 1 },
      });
      expectMetric({
        name: 'beat requests rejected under a burst',
        value: accepted.filter((response) => response.status !== 202).length,
        unit: 'count',
        threshold: 'count==0',
        target: 'requests queue, never fail',
      });
    },
    120_000,
  );

  testUnless(NEEDS_STORAGE, '[INT-08] bad beat requests get 4xx JSON errors', async () => {
    const projectId = await newProject('Validation session', 100);
    const cases: [unknown, number, string][] = [
      [{ genre: 'polka', bpm: 140, projectId }, 400, 'VALIDATION_FAILED'],
      [{ genre: 'trap', bpm: 400, projectId }, 400, 'VALIDATION_FAILED'],
      [{ genre: 'trap', bpm: 140 }, 400, 'VALIDATION_FAILED'],
      [{ genre: 'trap', bpm: 140, projectId: '00000000-0000-4000-8000-000000000000' }, 404, 'NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const response = await api<{ error: { code: string } }>(backend.url, 'POST', '/api/ai/generate-beat', user.token, body);
      expect([body, response.status, response.body.error?.code]).toEqual([body, status, code]);
    }
    const stranger = await registerUser(backend.url, 'stranger');
    const forbidden = await api<{ error: { code: string } }>(backend.url, 'POST', '/api/ai/generate-beat', stranger.token, { genre: 'trap', bpm: 140, projectId });
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  testUnless(
    NEEDS_STORAGE ?? chromiumMissingReason(),
    '[INT-11] the studio page in headless Chromium lists the beat notification from the project WebSocket',
    async () => {
      const projectId = await newProject('Browser session', 140);
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(`${backend.url}/studio/${projectId}?token=${encodeURIComponent(user.token)}`);
        await page.waitForFunction(() => (globalThis as unknown as { __studio?: { subscribed?: boolean } }).__studio?.subscribed === true, undefined, { timeout: 10_000 });
        // The project's name comes from its own fetch, which may land after the subscription.
        await page.waitForFunction(
          () =>
            (globalThis as unknown as { document: { querySelector(selector: string): { textContent: string | null } | null } }).document.querySelector('#project-name')
              ?.textContent !== '…',
          undefined,
          { timeout: 10_000 },
        );
        await expect(page.textContent('#project-name')).resolves.toBe('Browser session');
        const started = performance.now();
        const accepted = await api<JobBody>(backend.url, 'POST', '/api/ai/generate-beat', user.token, { genre: 'trap', bpm: 140, projectId, bars: 2 });
        expect(accepted.status).toBe(202);
        const item = await page.waitForSelector(`#notifications li[data-job-id="${accepted.body.job.id}"]`, { timeout: 30_000 });
        const seconds = (performance.now() - started) / 1000;
        expect(await item.textContent()).toMatch(/^Beat ready: trap at 140 BPM \(http/);
        expectMetric({
          name: 'beat request to notification shown in the browser',
          value: seconds,
          unit: 's',
          threshold: 'value<30',
          target: 'Frontend receives WebSocket notification (10-30 s flow)',
        });
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
