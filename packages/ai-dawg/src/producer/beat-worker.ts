import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { encodeWav } from '../audio/wav-codec';
import { projectFolder } from '../backend/projects/project-store';
import { publishProjectEvent } from '../backend/realtime/project-events';
import type { Clock } from '../shared/clock';
import { BEAT_QUEUE_NAME, type BeatJobData, type BeatJobResult } from './beat-queue';
import type { BeatModel } from './beat-model';

export interface BeatWorkerOptions {
  connection: ConnectionOptions;
  /** Publishes project events (a plain connection, not the worker's blocking one). */
  publisher: Redis;
  prefix: string;
  pool: Pool;
  s3: S3Client;
  bucket: string;
  /** How stored URLs start: `<endpoint>/<bucket>` for path-style S3, a CDN base in production. */
  publicBaseUrl: string;
  model: BeatModel;
  clock: Clock;
  concurrency?: number;
  sampleRate?: number;
  /** Where the worker reports what it cannot hand to a caller (the producer passes its Fastify logger); default stderr. */
  log?: WorkerLog;
}

/** The two levels the worker uses, in pino's argument order (a Fastify or pino logger fits). */
export interface WorkerLog {
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}

const stderrLog: WorkerLog = {
  warn: (context, message) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg: message, ...describe(context) })}\n`),
  error: (context, message) => process.stderr.write(`${JSON.stringify({ level: 'error', msg: message, ...describe(context) })}\n`),
};

function describe(context: object): Record<string, unknown> {
  const { err, ...rest } = context as { err?: unknown };
  return err === undefined ? rest : { ...rest, err: err instanceof Error ? err.message : String(err) };
}

/** A subscriber waits for beat.ready or beat.failed; a lost beat.failed is retried, then logged (the job stays failed in the queue for GET /api/ai/jobs/:id). */
const FAILED_EVENT_ATTEMPTS = 3;
const FAILED_EVENT_RETRY_MS = 500;

/**
 * Generates the beat, uploads the 24-bit / 48 kHz WAV under the project's folder, records its URL
 * in `beats` (idempotent per job, so a retried job never duplicates a row) and publishes
 * `beat.ready` for the backend to relay to the project's WebSocket subscribers.
 */
export async function processBeatJob(job: Pick<Job<BeatJobData>, 'id' | 'data'>, options: BeatWorkerOptions): Promise<BeatJobResult> {
  const started = options.clock.now();
  const { genre, bpm, projectId, bars } = job.data;
  const jobId = String(job.id);
  const exists = await options.pool.query('SELECT 1 FROM projects WHERE id = $1', [projectId]);
  if (exists.rowCount === 0) throw new Error(`project ${projectId} does not exist`);
  const beat = await options.model.generate({ genre, bpm, bars, sampleRate: options.sampleRate ?? 48_000 });
  const wav = encodeWav(beat.samples, beat.sampleRate, 24);
  const s3Key = `${projectFolder(projectId)}beats/${jobId}-${genre}-${bpm}bpm.wav`;
  await options.s3.send(new PutObjectCommand({ Bucket: options.bucket, Key: s3Key, Body: wav, ContentType: 'audio/wav' }));
  const url = `${options.publicBaseUrl.replace(/\/$/, '')}/${s3Key}`;
  const { rows } = await options.pool.query<{ id: string }>(
    `INSERT INTO beats (id, project_id, job_id, genre, bpm, s3_key, url, duration_ms, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (job_id) DO UPDATE SET url = EXCLUDED.url RETURNING id`,
    [randomUUID(), projectId, jobId, genre, bpm, s3Key, url, beat.durationMs, new Date(options.clock.now())],
  );
  const beatId = rows[0]!.id;
  await publishProjectEvent(options.publisher, options.prefix, {
    type: 'beat.ready',
    projectId,
    jobId,
    beatId,
    url,
    s3Key,
    genre,
    bpm,
    durationMs: beat.durationMs,
    at: new Date(options.clock.now()).toISOString(),
  });
  return { beatId, s3Key, url, durationMs: beat.durationMs, model: beat.model, generationMs: options.clock.now() - started };
}

export function startBeatWorker(options: BeatWorkerOptions): Worker<BeatJobData, BeatJobResult> {
  const worker = new Worker<BeatJobData, BeatJobResult>(BEAT_QUEUE_NAME, (job) => processBeatJob(job, options), {
    connection: options.connection,
    prefix: `${options.prefix}bull`,
    concurrency: options.concurrency ?? 1,
  });
  const log = options.log ?? stderrLog;
  worker.on('failed', (job, error) => {
    // Tell the project only once retries are used up; earlier failures are retried quietly.
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    publishBeatFailed(options, log, { projectId: job.data.projectId, jobId: String(job.id), reason: error.message }, 1);
  });
  // BullMQ reconnects on its own; the error is logged so a Redis outage is visible, not silent.
  worker.on('error', (error) => log.warn({ err: error, dependency: 'redis', queue: BEAT_QUEUE_NAME }, 'beat worker connection failed'));
  return worker;
}

function publishBeatFailed(options: BeatWorkerOptions, log: WorkerLog, failure: { projectId: string; jobId: string; reason: string }, attempt: number): void {
  const event = { type: 'beat.failed' as const, ...failure, at: new Date(options.clock.now()).toISOString() };
  publishProjectEvent(options.publisher, options.prefix, event).catch((error: unknown) => {
    const context = { err: error, dependency: 'redis', event: 'beat.failed', jobId: failure.jobId, projectId: failure.projectId, attempt };
    if (attempt >= FAILED_EVENT_ATTEMPTS) {
      log.error(context, 'beat.failed could not be published; subscribers learn of the failure from GET /api/ai/jobs/:id');
      return;
    }
    log.warn(context, 'beat.failed publish failed; retrying');
    options.clock.setTimeout(() => publishBeatFailed(options, log, failure, attempt + 1), FAILED_EVENT_RETRY_MS * attempt);
  });
}
