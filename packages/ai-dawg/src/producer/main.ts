import { Redis } from 'ioredis';
import { Pool } from 'pg';
import pino from 'pino';
import { ReleaseStack } from '../shared/release-stack';
import { requiredEnv, s3FromEnv } from '../backend/config';
import { runMigrations } from '../backend/db/migration-runner';
import { createS3Client, ensureBucket } from '../shared/s3-client';
import { buildProducerApp } from './build-producer-app';

/** Entry: `node --import tsx packages/ai-dawg/src/producer/main.ts` (PORT, default 8001). */
async function main(): Promise<void> {
  const log = pino({ name: 'ai-dawg-producer', level: process.env.LOG_LEVEL === 'silent' ? 'silent' : 'info' });
  // Each connection's release is registered as soon as it exists: a start-up failing half-way releases what it got.
  const releases = new ReleaseStack();
  try {
    const s3Settings = s3FromEnv();
    const pool = new Pool({ connectionString: requiredEnv('DATABASE_URL'), max: 5, connectionTimeoutMillis: 2_000 });
    pool.on('error', (error) => log.warn({ err: error, dependency: 'postgres' }, 'idle Postgres client failed'));
    releases.add('Postgres pool', () => pool.end());
    // Same migrations as the backend, under the same advisory lock: whichever starts first applies them.
    await runMigrations(pool);
    // BullMQ's blocking commands require maxRetriesPerRequest: null.
    const redis = new Redis(requiredEnv('REDIS_URL'), { maxRetriesPerRequest: null });
    redis.on('error', (error) => log.warn({ err: error, dependency: 'redis' }, 'Redis connection failed; ioredis reconnects'));
    releases.add('Redis connection', () => redis.disconnect());
    const s3 = createS3Client(s3Settings);
    releases.add('S3 client', () => s3.destroy());
    await ensureBucket(s3, s3Settings.bucket);
    const app = await buildProducerApp({
      redis,
      redisPrefix: process.env.REDIS_PREFIX,
      database: pool,
      s3,
      bucket: s3Settings.bucket,
      publicBaseUrl: process.env.BEAT_PUBLIC_BASE_URL ?? `${s3Settings.endpoint ?? `https://${s3Settings.bucket}.s3.amazonaws.com`}${s3Settings.endpoint ? `/${s3Settings.bucket}` : ''}`,
      concurrency: Number(process.env.PRODUCER_CONCURRENCY ?? 1),
      logger: process.env.LOG_LEVEL !== 'silent',
    });
    releases.add('HTTP server', () => app.close());
    const address = await app.listen({ port: Number(process.env.PORT ?? 8001), host: process.env.HOST ?? '127.0.0.1' });
    app.log.info({ address }, 'ai-dawg producer listening');
  } catch (error) {
    await releases.failStartup(error);
  }
  const shutdown = async (): Promise<void> => {
    try {
      await releases.releaseAll();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'ai-dawg producer shut down with errors');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`ai-dawg producer failed to start: ${(error as Error).message}`);
  process.exit(1);
});
