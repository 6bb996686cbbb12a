import { Redis, type RedisOptions } from 'ioredis';
import { Pool } from 'pg';
import pino, { type Logger } from 'pino';
import type { S3Client } from '@aws-sdk/client-s3';
import { requiredEnv, s3FromEnv, type S3Environment } from '../backend/config';
import { ReleaseStack } from './release-stack';
import { createS3Client, ensureBucket } from './s3-client';

export interface EntryContext {
  /** The service's name (`ai-dawg backend`); its Postgres connections carry it as application_name. */
  name: string;
  log: Logger;
  /** Register each release right after acquiring; shutdown and a failed start-up run them. */
  releases: ReleaseStack;
}

/**
 * Runs a service's `main`: a failed start-up releases what it acquired and exits 1 naming the
 * service; SIGTERM/SIGINT release everything and exit 1 when any release failed.
 */
export function runServiceEntry(name: string, start: (context: EntryContext) => Promise<void>): void {
  const log = pino({ name, level: process.env.LOG_LEVEL === 'silent' ? 'silent' : 'info' });
  const releases = new ReleaseStack();
  const shutdown = async (): Promise<void> => {
    try {
      await releases.releaseAll();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, `${name} shut down with errors`);
      process.exit(1);
    }
  };
  start({ name, log, releases })
    .catch((error: unknown) => releases.failStartup(error))
    .then(
      () => {
        process.once('SIGTERM', () => void shutdown());
        process.once('SIGINT', () => void shutdown());
      },
      (error: unknown) => {
        console.error(`${name} failed to start: ${(error as Error).message}`);
        process.exit(1);
      },
    );
}

export interface Stores {
  pool: Pool;
  redis: Redis;
  s3: S3Client;
  s3Settings: S3Environment;
}

/** Connects Postgres, Redis and S3 from the environment, each logged on error and registered for release. */
export async function connectStores({ name, log, releases }: EntryContext, settings: { poolMax: number; redis: RedisOptions }): Promise<Stores> {
  const s3Settings = s3FromEnv();
  // application_name tells each service's connections apart in pg_stat_activity (the pool-size checks read it).
  const pool = new Pool({ connectionString: requiredEnv('DATABASE_URL'), max: settings.poolMax, connectionTimeoutMillis: 2_000, application_name: name });
  pool.on('error', (error) => log.warn({ err: error, dependency: 'postgres' }, 'idle Postgres client failed'));
  releases.add('Postgres pool', () => pool.end());
  const redis = new Redis(requiredEnv('REDIS_URL'), settings.redis);
  redis.on('error', (error) => log.warn({ err: error, dependency: 'redis' }, 'Redis connection failed; ioredis reconnects'));
  releases.add('Redis connection', () => redis.disconnect());
  const s3 = createS3Client(s3Settings);
  releases.add('S3 client', () => s3.destroy());
  await ensureBucket(s3, s3Settings.bucket);
  return { pool, redis, s3, s3Settings };
}
