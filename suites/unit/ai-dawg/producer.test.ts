import { randomUUID } from 'node:crypto';
import { createTestBucket, createTestDatabase, freePort, redisKeyPrefix, serviceConnection, waitUntil, type TestBucket, type TestDatabase } from '@orch/harness';
import { Redis } from 'ioredis';
import {
  buildProducerApp,
  createBeatQueue,
  decodeWav,
  DrumSynthBeatModel,
  measureTempo,
  processBeatJob,
  projectEventsChannel,
  runMigrations,
  systemClock,
  type ProjectEvent,
} from '@orch/ai-dawg';
import { pg, s3, type FastifyInstance, type Pool } from './support/ai-dawg-deps';

interface JobView {
  id: string;
  state: string;
  data: { projectId: string; genre: string; bpm: number; bars: number };
  result?: { beatId: string; s3Key: string; url: string; durationMs: number; model: string; generationMs: number };
  failedReason?: string;
  attemptsMade: number;
}

describe('AI DAWG producer in-process (BullMQ on real Redis, Postgres, S3)', () => {
  let database: TestDatabase;
  let bucket: TestBucket;
  let pool: Pool;
  let redis: Redis;
  let subscriber: Redis;
  let app: FastifyInstance;
  const prefix = redisKeyPrefix('aidawg-producer');
  const events: ProjectEvent[] = [];
  const extraApps: FastifyInstance[] = [];
  let ownerId: string;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'aidawg_producer' });
    pool = new pg.Pool({ connectionString: database.url, max: 5 });
    await runMigrations(pool);
    bucket = await createTestBucket('aidawg-producer');
    redis = new Redis(serviceConnection('redis').url, { maxRetriesPerRequest: null });
    subscriber = new Redis(serviceConnection('redis').url);
    subscriber.on('pmessage', (_pattern: string, _channel: string, message: string) => events.push(JSON.parse(message) as ProjectEvent));
    await subscriber.psubscribe(`${projectEventsChannel(prefix, '')}*`);
    app = await buildProducerApp({ redis, redisPrefix: prefix, database: pool, s3: bucket.client, bucket: bucket.name, publicBaseUrl: 'http://cdn.test/beats/', defaultBars: 1 });
    ownerId = randomUUID();
    await pool.query(`INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, 'x', now())`, [ownerId, `${ownerId}@example.test`]);
  });

  afterEach(async () => {
    await Promise.all(extraApps.splice(0).map((extra) => extra.close()));
  });

  afterAll(async () => {
    await app?.close();
    await subscriber?.quit();
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
    await pool?.end();
    await bucket?.drop();
    await database?.drop();
  });

  async function project(): Promise<string> {
    const id = randomUUID();
    await pool.query(`INSERT INTO projects (id, owner_id, name, bpm, sample_rate, bit_depth, created_at, updated_at) VALUES ($1, $2, 'p', 120, 48000, 24, now(), now())`, [
      id,
      ownerId,
    ]);
    return id;
  }

  async function job(id: string): Promise<JobView> {
    const response = await app.inject({ method: 'GET', url: `/api/ai/jobs/${id}` });
    expect(response.statusCode).toBe(200);
    return response.json<{ job: JobView }>().job;
  }

  test('a queued beat is rendered to a 24-bit / 48 kHz WAV at the requested tempo, recorded, and announced', async () => {
    const projectId = await project();
    const response = await app.inject({ method: 'POST', url: '/api/ai/generate-beat', payload: { genre: 'house', bpm: 124, projectId, bars: 2 } });
    expect(response.statusCode).toBe(202);
    const queued = response.json<{ job: JobView }>().job;
    expect(response.headers.location).toBe(`/api/ai/jobs/${queued.id}`);
    expect(queued).toMatchObject({ state: 'queued', data: { genre: 'house', bpm: 124, projectId, bars: 2 } });

    const done = await waitUntil(
      async () => {
        const view = await job(queued.id);
        return view.state === 'completed' ? view : undefined;
      },
      { timeoutMs: 20_000, what: 'beat job completed' },
    );
    const key = `projects/${projectId}/beats/${queued.id}-house-124bpm.wav`;
    expect(done.result).toMatchObject({ s3Key: key, url: `http://cdn.test/beats/${key}`, model: 'drum-synth-v1' });
    expect(done.attemptsMade).toBe(1);

    const object = await bucket.client.send(new s3.GetObjectCommand({ Bucket: bucket.name, Key: key }));
    expect(object.ContentType).toBe('audio/wav');
    const wav = decodeWav(await object.Body!.transformToByteArray());
    expect(wav).toMatchObject({ sampleRate: 48_000, bitDepth: 24, channels: 1 });
    expect(Math.round((wav.samples.length / 48_000) * 1000)).toBe(done.result!.durationMs);
    expect(Math.abs(measureTempo(wav.samples, wav.sampleRate, { expectedBpm: 124 }).bpm - 124)).toBeLessThan(1);

    const rows = (await pool.query('SELECT id, job_id, genre, bpm, url FROM beats WHERE project_id = $1', [projectId])).rows;
    expect(rows).toEqual([{ id: done.result!.beatId, job_id: queued.id, genre: 'house', bpm: 124, url: done.result!.url }]);
    const ready = await waitUntil(async () => events.find((event) => event.type === 'beat.ready' && event.jobId === queued.id), { timeoutMs: 5_000, what: 'beat.ready event' });
    expect(ready).toMatchObject({ projectId, beatId: done.result!.beatId, url: done.result!.url, genre: 'house', bpm: 124 });
  });

  test('processing the same job twice (a retry) keeps one beats row', async () => {
    const projectId = await project();
    const options = {
      connection: redis,
      publisher: redis,
      prefix,
      pool,
      s3: bucket.client,
      bucket: bucket.name,
      publicBaseUrl: 'http://cdn.test',
      model: new DrumSynthBeatModel(),
      clock: systemClock,
    };
    const jobId = `retry-${randomUUID()}`;
    const data = { genre: 'trap' as const, bpm: 140, projectId, bars: 1, requestedAt: Date.now() };
    const first = await processBeatJob({ id: jobId, data }, options);
    const second = await processBeatJob({ id: jobId, data }, options);
    expect(second.beatId).toBe(first.beatId);
    expect((await pool.query('SELECT count(*)::int AS n FROM beats WHERE job_id = $1', [jobId])).rows[0].n).toBe(1);
    await expect(processBeatJob({ id: 'x', data: { ...data, projectId: randomUUID() } }, options)).rejects.toThrow(/does not exist/);
  });

  test('a job whose retries are used up fails with its reason and announces beat.failed', async () => {
    const missingProject = randomUUID();
    const queue = createBeatQueue(redis, prefix);
    try {
      const added = await queue.add('generate-beat', { genre: 'drill', bpm: 142, projectId: missingProject, bars: 1, requestedAt: Date.now() }, { attempts: 1 });
      const failed = await waitUntil(
        async () => {
          const view = await job(String(added.id));
          return view.state === 'failed' ? view : undefined;
        },
        { timeoutMs: 10_000, what: 'job failed' },
      );
      expect(failed.failedReason).toBe(`project ${missingProject} does not exist`);
      const event = await waitUntil(async () => events.find((e) => e.type === 'beat.failed' && e.jobId === String(added.id)), { timeoutMs: 5_000, what: 'beat.failed event' });
      expect(event).toMatchObject({ projectId: missingProject, reason: `project ${missingProject} does not exist` });
    } finally {
      await queue.close();
    }
  });

  test.each([
    ['an unknown genre', { genre: 'polka', bpm: 100, projectId: randomUUID() }],
    ['bpm 59', { genre: 'trap', bpm: 59, projectId: randomUUID() }],
    ['bpm 201', { genre: 'trap', bpm: 201, projectId: randomUUID() }],
    ['17 bars', { genre: 'trap', bpm: 140, projectId: randomUUID(), bars: 17 }],
    ['a project id that is not a UUID', { genre: 'trap', bpm: 140, projectId: "1'; DROP TABLE beats; --" }],
    ['a missing project id', { genre: 'trap', bpm: 140 }],
  ])('a request with %s is 400 VALIDATION_FAILED and queues nothing', async (_label, payload) => {
    const queue = createBeatQueue(redis, prefix);
    try {
      const before = await queue.count();
      const response = await app.inject({ method: 'POST', url: '/api/ai/generate-beat', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(await queue.count()).toBe(before);
    } finally {
      await queue.close();
    }
  });

  test('non-JSON bodies are 415, unknown jobs 404, malformed job ids 400', async () => {
    const text = await app.inject({ method: 'POST', url: '/api/ai/generate-beat', headers: { 'content-type': 'text/plain' }, payload: 'trap please' });
    expect([text.statusCode, text.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const missing = await app.inject({ method: 'GET', url: '/api/ai/jobs/987654321' });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'NOT_FOUND']);
    const malformed = await app.inject({ method: 'GET', url: '/api/ai/jobs/1;DROP' });
    expect(malformed.statusCode).toBe(400);
  });

  test('health reports Redis and Postgres up plus the queue counts', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ service: 'ai-dawg-producer', status: 'healthy' });
    expect(report.dependencies.map((d: { name: string; status: string }) => `${d.name}:${d.status}`)).toEqual(['redis:up', 'postgres:up']);
    expect(report.queue).toMatchObject({
      waiting: expect.any(Number),
      active: expect.any(Number),
      completed: expect.any(Number),
      failed: expect.any(Number),
      delayed: expect.any(Number),
    });
  });

  test('with an unreachable database (given as a URL) health is 503 naming postgres', async () => {
    const port = await freePort();
    const dead = await buildProducerApp({
      redis,
      redisPrefix: prefix,
      database: `postgres://u:p@127.0.0.1:${port}/none`,
      s3: bucket.client,
      bucket: bucket.name,
      publicBaseUrl: 'http://cdn.test',
      runWorker: false,
    });
    extraApps.push(dead);
    const response = await dead.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json().dependencies).toEqual([
      expect.objectContaining({ name: 'redis', status: 'up' }),
      expect.objectContaining({ name: 'postgres', status: 'down', error: expect.any(String) }),
    ]);
  });
});
