import { randomBytes } from 'node:crypto';
import { createTestBucket, createTestDatabase, redisKeyPrefix, serviceConnection, type TestBucket, type TestDatabase } from '@orch/harness';
import { buildApp, runDawMigrations, runMigrations, type Clock, type Project } from '@orch/ai-dawg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { Pool } from 'pg';

export interface StudioUser {
  id: string;
  token: string;
}

/** A real AI DAWG backend (Postgres, Redis, S3 from the harness) listening on port 0, with the studio tables migrated. */
export interface StudioBackend {
  app: FastifyInstance;
  pool: Pool;
  bucket: TestBucket;
  baseUrl: string;
  wsUrl: string;
  register(label: string): Promise<StudioUser>;
  createProject(user: StudioUser, name?: string): Promise<Project>;
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token?: string, payload?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

const JWT_SECRET = 'edge-case-suite-secret-long-enough-0123456789';

export async function startStudioBackend(label: string, options: { clock?: Clock; collabCompactEveryMs?: number } = {}): Promise<StudioBackend> {
  const database: TestDatabase = await createTestDatabase({ prefix: `edge_${label}` });
  const pool = new Pool({ connectionString: database.url, max: 10 });
  await runMigrations(pool);
  await runDawMigrations(pool);
  const bucket = await createTestBucket(`edge-${label}`);
  const redis = new Redis(serviceConnection('redis').url, { maxRetriesPerRequest: null });
  const app = await buildApp({ database: pool, redis, s3: bucket.client, bucket: bucket.name, jwtSecret: JWT_SECRET, redisPrefix: redisKeyPrefix(`edge-${label}`), ...options });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const call: StudioBackend['call'] = (method, url, token, payload) =>
    app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  return {
    app,
    pool,
    bucket,
    baseUrl,
    wsUrl: baseUrl.replace(/^http/, 'ws'),
    call,
    async register(name) {
      const response = await call('POST', '/api/auth/register', undefined, {
        email: `${name}-${randomBytes(5).toString('hex')}@example.test`,
        password: `pw-${randomBytes(8).toString('hex')}`,
      });
      if (response.statusCode !== 201) throw new Error(`register failed: ${response.statusCode} ${response.body}`);
      const body = response.json<{ user: { id: string }; token: string }>();
      return { id: body.user.id, token: body.token };
    },
    async createProject(user, name = 'Edge session') {
      const response = await call('POST', '/api/projects', user.token, { name });
      if (response.statusCode !== 201) throw new Error(`create project failed: ${response.statusCode} ${response.body}`);
      return response.json<{ project: Project }>().project;
    },
    async close() {
      await app.close();
      redis.disconnect();
      await pool.end();
      await bucket.drop();
      await database.drop();
    },
  };
}
