import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { requiredEnv, s3FromEnv } from '../backend/config';
import { runMigrations } from '../backend/db/migration-runner';
import { createS3Client, ensureBucket } from '../shared/s3-client';
import { buildProducerApp } from './build-producer-app';

/** Entry: `node --import tsx packages/ai-dawg/src/producer/main.ts` (PORT, default 8001). */
async function main(): Promise<void> {
  const s3Settings = s3FromEnv();
  const pool = new Pool({ connectionString: requiredEnv('DATABASE_URL'), max: 5, connectionTimeoutMillis: 2_000 });
  pool.on('error', () => undefined);
  // Same migrations as the backend, under the same advisory lock: whichever starts first applies them.
  await runMigrations(pool);
  // BullMQ's blocking commands require maxRetriesPerRequest: null.
  const redis = new Redis(requiredEnv('REDIS_URL'), { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  const s3 = createS3Client(s3Settings);
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
  const address = await app.listen({ port: Number(process.env.PORT ?? 8001), host: process.env.HOST ?? '127.0.0.1' });
  app.log.info({ address }, 'ai-dawg producer listening');
  const shutdown = async (): Promise<void> => {
    await app.close();
    redis.disconnect();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`ai-dawg producer failed to start: ${(error as Error).message}`);
  process.exit(1);
});
