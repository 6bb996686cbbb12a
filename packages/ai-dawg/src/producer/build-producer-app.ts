import type { S3Client } from '@aws-sdk/client-s3';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { Pool } from 'pg';
import { AppError } from '../errors/app-error';
import { callDependency, withTimeout } from '../errors/dependency-call';
import { STRICT_AJV } from '../shared/strict-ajv';
import { installErrorHandler } from '../errors/error-handler';
import { systemClock, type Clock } from '../shared/clock';
import { HealthReporter } from '../shared/health-report';
import { ReleaseStack } from '../shared/release-stack';
import { DrumSynthBeatModel, type BeatModel } from './beat-model';
import { createBeatQueue, type BeatJobData } from './beat-queue';
import { startBeatWorker } from './beat-worker';
import { generateBeatBody, type GenerateBeatRequest } from './generate-beat-request';

export interface ProducerOptions {
  /** Must be created with `maxRetriesPerRequest: null` (BullMQ's blocking commands need it). Owned by the caller. */
  redis: Redis;
  redisPrefix?: string;
  database: Pool | string;
  s3: S3Client;
  bucket: string;
  publicBaseUrl: string;
  model?: BeatModel;
  clock?: Clock;
  /** Run the worker in this process (default true); false for an enqueue-only front end. */
  runWorker?: boolean;
  concurrency?: number;
  defaultBars?: number;
  logger?: boolean;
}

const ENQUEUE_TIMEOUT_MS = 5_000;

/** The AI producer service: `POST /api/ai/generate-beat` enqueues, `GET /api/ai/jobs/:id` follows, the worker renders. */
export async function buildProducerApp(options: ProducerOptions): Promise<FastifyInstance> {
  // The app first: it acquires nothing until it listens, and its logger gives every later error a place to go.
  const app = Fastify({ ajv: STRICT_AJV, logger: options.logger ?? false });
  const releases = new ReleaseStack();
  try {
    assembleProducer(app, options, releases);
  } catch (error) {
    return releases.failStartup(error);
  }
  app.addHook('onClose', () => releases.releaseAll());
  return app;
}

/** Acquires the producer's pool, queue, publisher and worker (registering each release as it goes) and its routes. */
function assembleProducer(app: FastifyInstance, options: ProducerOptions, releases: ReleaseStack): void {
  const clock = options.clock ?? systemClock;
  const prefix = options.redisPrefix ?? 'aidawg:';
  const ownsPool = typeof options.database === 'string';
  const pool = typeof options.database === 'string' ? new Pool({ connectionString: options.database, max: 5, connectionTimeoutMillis: 2_000 }) : options.database;
  const onPoolError = (error: Error): void => app.log.warn({ err: error, dependency: 'postgres' }, 'idle Postgres client failed');
  pool.on('error', onPoolError);
  releases.add('Postgres pool', async () => {
    pool.off('error', onPoolError);
    if (ownsPool) await pool.end();
  });
  const queue = createBeatQueue(options.redis, prefix);
  queue.on('error', (error) => app.log.warn({ err: error, dependency: 'redis', queue: 'beats' }, 'beat queue connection failed'));
  releases.add('beat queue', () => queue.close());
  const publisher = options.redis.duplicate({ maxRetriesPerRequest: 1 });
  publisher.on('error', (error) => app.log.warn({ err: error, dependency: 'redis' }, 'project-events publisher connection failed; ioredis reconnects'));
  releases.add('Redis publisher', () => publisher.disconnect());
  const worker =
    options.runWorker === false
      ? undefined
      : startBeatWorker({
          connection: options.redis,
          publisher,
          prefix,
          pool,
          s3: options.s3,
          bucket: options.bucket,
          publicBaseUrl: options.publicBaseUrl,
          model: options.model ?? new DrumSynthBeatModel(),
          clock,
          concurrency: options.concurrency,
          log: app.log,
        });
  if (worker) releases.add('beat worker', () => worker.close());

  installErrorHandler(app);
  // Fastify parses text/plain by default; the API is JSON-only, so any other body is 415 (ERRORS.md).
  app.removeContentTypeParser('text/plain');
  const health = new HealthReporter(
    'ai-dawg-producer',
    [
      { name: 'redis', check: () => options.redis.ping() },
      { name: 'postgres', check: () => pool.query('SELECT 1') },
    ],
    clock,
  );
  releases.add('health reporter', () => health.close());

  app.get('/health', async (_request, reply) => {
    const report = await health.report();
    // Queue counts are extra detail: health still answers (with the dependency check saying why) when Redis does not.
    const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed').catch((error: unknown) => {
      app.log.warn({ err: error, dependency: 'redis' }, 'beat queue counts unavailable for /health');
      return undefined;
    });
    return reply.code(report.status === 'healthy' ? 200 : 503).send({ ...report, queue: counts });
  });

  app.post<{ Body: GenerateBeatRequest }>('/api/ai/generate-beat', { schema: { body: generateBeatBody } }, async (request, reply) => {
    const data: BeatJobData = { ...request.body, bars: request.body.bars ?? options.defaultBars ?? 4, requestedAt: clock.now() };
    const job = await callDependency('redis', () => withTimeout(queue.add('generate-beat', data), ENQUEUE_TIMEOUT_MS, () => new Error('enqueue timed out')));
    return reply
      .code(202)
      .header('location', `/api/ai/jobs/${job.id}`)
      .send({ job: { id: String(job.id), state: 'queued', data } });
  });

  app.get<{ Params: { id: string } }>(
    '/api/ai/jobs/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,20}$' } } } } },
    async (request) => {
      // State first, then the job: read the other way round, a job finishing in between shows
      // "completed" with the result it had before (none).
      const first = await callDependency('redis', () => queue.getJob(request.params.id));
      if (!first) throw new AppError('NOT_FOUND', 'job not found');
      const state = await first.getState();
      const job = (await callDependency('redis', () => queue.getJob(request.params.id))) ?? first;
      return {
        job: {
          id: String(job.id),
          state,
          data: job.data,
          attemptsMade: job.attemptsMade,
          result: job.returnvalue ?? undefined,
          failedReason: job.failedReason || undefined,
          queuedAt: job.timestamp,
          finishedAt: job.finishedOn,
        },
      };
    },
  );
}
