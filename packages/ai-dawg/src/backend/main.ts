import { connectStores, runServiceEntry } from '../shared/service-entry';
import { buildApp } from './build-app';
import { requiredEnv } from './config';
import { runMigrations } from './db/migration-runner';
import { runDawMigrations } from '../daw-api/register-daw-routes';

/** Entry: `node --import tsx packages/ai-dawg/src/backend/main.ts` (PORT, default 3001). */
runServiceEntry('ai-dawg backend', async (context) => {
  const { pool, redis, s3, s3Settings } = await connectStores(context, { poolMax: 20, redis: { maxRetriesPerRequest: 1 } });
  const applied = [...(await runMigrations(pool)), ...(await runDawMigrations(pool))];
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
  context.releases.add('HTTP server', () => app.close());
  const address = await app.listen({ port: Number(process.env.PORT ?? 3001), host: process.env.HOST ?? '127.0.0.1' });
  app.log.info({ address, migrationsApplied: applied }, 'ai-dawg backend listening');
});
