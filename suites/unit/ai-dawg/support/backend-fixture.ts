import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '@orch/ai-dawg';
import type { FastifyInstance } from './ai-dawg-deps';

/** Wall-clock time that a test can move forward (token expiry) without waiting. */
export class ShiftableClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  setTimeout(callback: () => void, ms: number): ReturnType<Clock['setTimeout']> {
    return systemClock.setTimeout(callback, ms);
  }
  setInterval(callback: () => void, ms: number): ReturnType<Clock['setInterval']> {
    return systemClock.setInterval(callback, ms);
  }
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

export async function registerUser(app: FastifyInstance, label = 'user'): Promise<TestUser> {
  const email = `${label}-${randomBytes(6).toString('hex')}@example.test`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const response = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { email, password } });
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  const body = response.json<{ user: { id: string }; token: string }>();
  return { id: body.user.id, email, password, token: body.token };
}

/** One JSON request through fastify's inject, with the bearer token when given. */
export function call(app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token?: string, payload?: unknown) {
  return app.inject({
    method,
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}
