import { randomBytes } from 'node:crypto';
import type { ServiceConnection } from '@orch/harness';

/** Environment for an AI DAWG service process pointed at the given services. */
export function aiDawgEnv(options: {
  databaseUrl: string;
  redisUrl: string;
  s3: ServiceConnection;
  bucket: string;
  redisPrefix: string;
  jwtSecret?: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.redisPrefix,
    S3_ENDPOINT: options.s3.url,
    S3_ACCESS_KEY_ID: options.s3.accessKeyId ?? 'S3RVER',
    S3_SECRET_ACCESS_KEY: options.s3.secretAccessKey ?? 'S3RVER',
    S3_REGION: options.s3.region ?? 'us-east-1',
    S3_BUCKET: options.bucket,
    JWT_SECRET: options.jwtSecret ?? randomBytes(32).toString('hex'),
    ...(options.extra ?? {}),
  };
}

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

/** Registers a fresh user through the API (test data is created per test). */
export async function registerUser(baseUrl: string, label = 'user'): Promise<TestUser> {
  const email = `${label}-${randomBytes(6).toString('hex')}@example.test`;
  const response = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: `pw-${randomBytes(8).toString('hex')}` }),
  });
  const body = (await response.json()) as { user?: { id: string }; token?: string; error?: unknown };
  if (response.status !== 201 || !body.user || !body.token) throw new Error(`register failed: ${response.status} ${JSON.stringify(body)}`);
  return { id: body.user.id, email, token: body.token };
}

export async function api<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<{ status: number; body: T; elapsedMs: number }> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, elapsedMs };
}
