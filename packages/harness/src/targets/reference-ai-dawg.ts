import { randomBytes } from 'node:crypto';
import { createTestBucket, createTestDatabase, redisKeyPrefix, serviceConnection, type TestBucket, type TestDatabase } from '../services/isolation';
import { registerAiDawgUser, bearer } from './register-ai-dawg-user';
import { startSystemProcess, type StartedSystemProcess } from './system-process';
import type { SystemTarget, TargetRole, TargetUser } from './system-target';

export type AiDawgService = 'producer' | 'vocalCoach';

export interface ReferenceAiDawgOptions {
  /** Services to start beside the backend (the backend is always started). */
  services?: AiDawgService[];
  /** More environment for every AI DAWG process. */
  environment?: Record<string, string>;
}

const ENTRIES = {
  backend: 'packages/ai-dawg/src/backend/main.ts',
  producer: 'packages/ai-dawg/src/producer/main.ts',
  vocalCoach: 'packages/ai-dawg/src/vocal-coach/main.ts',
} as const;

/**
 * The reference AI DAWG as real processes on free ports, isolated on the run's services: a
 * database, a bucket and a Redis key prefix of its own, all removed by stop().
 */
export async function startReferenceAiDawg(options: ReferenceAiDawgOptions = {}): Promise<SystemTarget> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  const processes: StartedSystemProcess[] = [];
  try {
    const database: TestDatabase = await createTestDatabase({ prefix: 'target_aidawg' });
    cleanups.push(database.drop);
    const bucket: TestBucket = await createTestBucket('target-aidawg');
    cleanups.push(bucket.drop);
    const s3 = serviceConnection('s3');
    const environment: Record<string, string> = {
      DATABASE_URL: database.url,
      REDIS_URL: serviceConnection('redis').url,
      REDIS_PREFIX: redisKeyPrefix('target-aidawg'),
      S3_ENDPOINT: s3.url,
      S3_ACCESS_KEY_ID: s3.accessKeyId ?? 'S3RVER',
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey ?? 'S3RVER',
      S3_REGION: s3.region ?? 'us-east-1',
      S3_BUCKET: bucket.name,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
      ...options.environment,
    };
    const urls: Record<string, string> = {};
    for (const service of options.services ?? []) {
      const started = await startSystemProcess({ name: `ai-dawg-${service}`, entry: ENTRIES[service], environment: environment });
      cleanups.push(started.stop);
      processes.push(started);
      urls[service] = started.url;
    }
    const backend = await startSystemProcess({
      name: 'ai-dawg-backend',
      entry: ENTRIES.backend,
      environment: { ...environment, ...(urls.producer ? { PRODUCER_URL: urls.producer } : {}), ...(urls.vocalCoach ? { VOCAL_COACH_URL: urls.vocalCoach } : {}) },
    });
    cleanups.push(backend.stop);
    processes.push(backend);
    urls.backend = backend.url;
    let user: Promise<TargetUser> | undefined;
    return {
      system: 'ai-dawg',
      kind: 'reference',
      baseUrl: backend.url,
      urls,
      storage: { databaseUrl: database.url, bucket: bucket.name },
      controllable: true,
      // AI DAWG has no admin role over HTTP; both roles are a registered user.
      authHeaders: async (_role?: TargetRole) => bearer((await (user ??= registerAiDawgUser(backend.url, 'target'))).token),
      createUser: (label) => registerAiDawgUser(backend.url, label),
      output: () => processes.map((started) => `--- ${started.name} ---\n${started.output()}`).join('\n'),
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
