import { randomBytes } from 'node:crypto';
import { startSystemProcess } from './system-process';
import { bearer } from './register-ai-dawg-user';
import { TargetConfigurationError, type SystemTarget, type TargetRole } from './system-target';

export interface ReferenceJarvisOptions {
  /** Monitored services, as JARVIS_SERVICES takes them (`{ name, healthUrl, ... }`). */
  services?: unknown[];
  /** More environment for the gateway (JARVIS_POLL_INTERVAL_MS, RATE_LIMIT_MAX, ...). */
  environment?: Record<string, string>;
}

const JARVIS_ENTRY = 'packages/jarvis/src/main.ts';

/**
 * The reference JARVIS gateway as a real process on a free port, with a random JWT secret and
 * one user and one admin account whose passwords only this target knows.
 */
export async function startReferenceJarvis(options: ReferenceJarvisOptions = {}): Promise<SystemTarget> {
  const accounts: Record<TargetRole, { username: string; password: string; role: TargetRole }> = {
    user: { username: 'target-user', password: randomBytes(12).toString('hex'), role: 'user' },
    admin: { username: 'target-admin', password: randomBytes(12).toString('hex'), role: 'admin' },
  };
  const processHandle = await startSystemProcess({
    name: 'jarvis-gateway',
    entry: JARVIS_ENTRY,
    environment: {
      JWT_SECRET: randomBytes(32).toString('hex'),
      JARVIS_USERS: JSON.stringify(Object.values(accounts)),
      JARVIS_SERVICES: JSON.stringify(options.services ?? []),
      LOG_LEVEL: 'silent',
      ...options.environment,
    },
  });
  const tokens = new Map<TargetRole, string>();
  const authHeaders = async (role: TargetRole = 'user'): Promise<Record<string, string>> => {
    let token = tokens.get(role);
    if (!token) {
      const { username, password } = accounts[role];
      const response = await fetch(`${processHandle.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const body = (await response.json()) as { accessToken?: string };
      if (!response.ok || !body.accessToken) throw new Error(`JARVIS login as ${role} failed: ${response.status} ${JSON.stringify(body)}`);
      token = body.accessToken;
      tokens.set(role, token);
    }
    return bearer(token);
  };
  return {
    system: 'jarvis',
    kind: 'reference',
    baseUrl: processHandle.url,
    urls: { gateway: processHandle.url },
    controllable: true,
    authHeaders,
    createUser: () => Promise.reject(new TargetConfigurationError('JARVIS users are configured (JARVIS_USERS), not registered through the API')),
    output: processHandle.output,
    stop: processHandle.stop,
    [Symbol.asyncDispose]: processHandle.stop,
  };
}
