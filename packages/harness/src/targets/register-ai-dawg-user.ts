import { randomBytes } from 'node:crypto';
import type { TargetUser } from './system-target';

/** Registers a fresh AI DAWG user through its public API (test data is created per test). */
export async function registerAiDawgUser(baseUrl: string, label = 'user'): Promise<TargetUser> {
  const email = `${label}-${randomBytes(6).toString('hex')}@example.test`;
  const response = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: `pw-${randomBytes(8).toString('hex')}` }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  const body = (text ? JSON.parse(text) : {}) as { user?: { id: string }; token?: string };
  if (response.status !== 201 || !body.user || !body.token) throw new Error(`AI DAWG user registration at ${baseUrl} failed: ${response.status} ${text.slice(0, 300)}`);
  return { id: body.user.id, email, token: body.token };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
