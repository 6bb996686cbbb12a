import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { createS3Client, ensureBucket } from '../shared/s3-client';
import { buildApp } from './build-app';
import { requiredEnv, s3FromEnv } from './config';
import { runMigrations } from './db/migration-runner';
import { runDawMigrations } from '../daw-api/register-daw-routes';

/** Entry: `node --import tsx packages/ai-dawg/src/backend/main.ts` (PORT, default 3001). */
async function main(): Promise<void> {
  const s3Settings = s3FromEnv();
  const pool = new Pool({ connectionString: requiredEnv('DATABASE_URL'), max: 20, connectionTimeoutMillis: 2_000 });
  pool.on('error', () => undefined);
  const applied = [...(await runMigrations(pool)), ...(await runDawMigrations(pool))];
  const redis = new Redis(requiredEnv('REDIS_URL'), { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const s3 = createS3Client(s3Settings);
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
  const port = Number(process.env.PORT ?? 3001);
  const address = await app.listen({ port, host: process.env.HOST ?? '127.0.0.1' });
  app.log.info({ address, migrationsApplied: applied }, 'ai-dawg backend listening');
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
  console.error(`ai-dawg backend failed to start: ${(error as Error).message}`);
  process.exit(1);
});
