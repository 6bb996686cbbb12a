import { runMigrations } from '../backend/db/migration-runner';
import { connectStores, runServiceEntry } from '../shared/service-entry';
import { buildProducerApp } from './build-producer-app';

/** Entry: `node --import tsx packages/ai-dawg/src/producer/main.ts` (PORT, default 8001). */
runServiceEntry('ai-dawg producer', async (context) => {
  // BullMQ's blocking commands require maxRetriesPerRequest: null.
  const { pool, redis, s3, s3Settings } = await connectStores(context, { poolMax: 5, redis: { maxRetriesPerRequest: null } });
  // Same migrations as the backend, under the same advisory lock: whichever starts first applies them.
  await runMigrations(pool);
  const app = await buildProducerApp({
    redis,
    redisPrefix: process.env.REDIS_PREFIX,
    database: pool,
    s3,
    bucket: s3Settings.bucket,
    publicBaseUrl:
      process.env.BEAT_PUBLIC_BASE_URL ?? `${s3Settings.endpoint ?? `https://${s3Settings.bucket}.s3.amazonaws.com`}${s3Settings.endpoint ? `/${s3Settings.bucket}` : ''}`,
    concurrency: Number(process.env.PRODUCER_CONCURRENCY ?? 1),
    logger: process.env.LOG_LEVEL !== 'silent',
  });
  context.releases.add('HTTP server', () => app.close());
  const address = await app.listen({ port: Number(process.env.PORT ?? 8001), host: process.env.HOST ?? '127.0.0.1' });
  app.log.info({ address }, 'ai-dawg producer listening');
});
