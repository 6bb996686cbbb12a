import { Redis } from 'ioredis';
import { Pool } from 'pg';
import pino from 'pino';
import { ReleaseStack } from '../shared/release-stack';
import { createS3Client, ensureBucket } from '../shared/s3-client';
import { buildApp } from './build-app';
import { requiredEnv, s3FromEnv } from './config';
import { runMigrations } from './db/migration-runner';
import { runDawMigrations } from '../daw-api/register-daw-routes';

/** Entry: `node --import tsx packages/ai-dawg/src/backend/main.ts` (PORT, default 3001). */
async function main(): Promise<void> {
  const log = pino({ name: 'ai-dawg-backend', level: process.env.LOG_LEVEL === 'silent' ? 'silent' : 'info' });
  // Each connection's release is registered as soon as it exists: a start-up failing half-way releases what it got.
  const releases = new ReleaseStack();
  try {
    const s3Settings = s3FromEnv();
    const pool = new Pool({ connectionString: requiredEnv('DATABASE_URL'), max: 20, connectionTimeoutMillis: 2_000 });
    pool.on('error', (error) => log.warn({ err: error, dependency: 'postgres' }, 'idle Postgres client failed'));
    releases.add('Postgres pool', () => pool.end());
    const applied = [...(await runMigrations(pool)), ...(await runDawMigrations(pool))];
    const redis = new Redis(requiredEnv('REDIS_URL'), { maxRetriesPerRequest: 1 });
    redis.on('error', (error) => log.warn({ err: error, dependency: 'redis' }, 'Redis connection failed; ioredis reconnects'));
    releases.add('Redis connection', () => redis.disconnect());
    const s3 = createS3Client(s3Settings);
    releases.add('S3 client', () => s3.destroy());
    await ensureBucket(s3, s3Settings.bucket);
    const app = await buildApp({
      database: pool,
      redis,
      s3,
      bucket: s3Settings.bucket,
      jwtSecret: requiredEnv('JWT_SECRET'),
      producerUrl: process.env.PRODUCER_URL ?? 'http://127.0.0.1:8001',
      vocalCoachUrl: process.env.VOCAL_COACH_URL,
      redisPrefix: process.env.REDIS_PREFIX,
      logger: process.env.LOG_LEVEL !== 'silent',
    });
    releases.add('HTTP server', () => app.close());
    const port = Number(process.env.PORT ?? 3001);
    const address = await app.listen({ port, host: process.env.HOST ?? '127.0.0.1' });
    app.log.info({ address, migrationsApplied: applied }, 'ai-dawg backend listening');
  } catch (error) {
    await releases.failStartup(error);
  }
  const shutdown = async (): Promise<void> => {
    try {
      await releases.releaseAll();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'ai-dawg backend shut down with errors');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`ai-dawg backend failed to start: ${(error as Error).message}`);
  process.exit(1);
});
