import type { SystemName } from '@orch/harness';
import type { RawResponse } from '../../support/http-client';
import type { ProbeContext } from '../probe';

/** One cheap route per system that needs a user token: where token probes knock. */
export const USER_ROUTE: Readonly<Record<SystemName, { method: string; path: string }>> = {
  jarvis: { method: 'GET', path: '/api/services' },
  'ai-dawg': { method: 'GET', path: '/api/projects' },
};

export async function userToken(context: ProbeContext): Promise<string> {
  const headers = await context.target.authHeaders('user');
  return (headers.authorization ?? '').replace(/^Bearer\s+/i, '');
}

/** Sends a token (or a raw Authorization header) to the system's user route. */
export function knock(context: ProbeContext, authorization: string | undefined, extraHeaders: Record<string, string> = {}): Promise<RawResponse> {
  const route = USER_ROUTE[context.target.system];
  return context.request({ method: route.method, path: route.path, headers: { ...(authorization === undefined ? {} : { authorization }), ...extraHeaders } });
}

/** Every status this list of answers has, for evidence lines. */
export function statuses(responses: RawResponse[]): string {
  return [...new Set(responses.map((response) => response.status))].join(',');
}

const STACK_PATTERNS: RegExp[] = [
  /\n\s+at\s+\S+/,
  /\bat\s+[\w.<>]+\s+\((?:\/|[A-Z]:\\|node:)/,
  /\/(?:src|node_modules|dist)\/[\w./-]+\.(?:ts|js):\d+/,
  /\bnode:internal\//,
  /Error: .*\n/,
  /"stack"\s*:/,
];

/** Why a body looks like a stack trace or framework internals, or undefined. */
export function stackTraceIn(text: string): string | undefined {
  for (const pattern of STACK_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return `matches ${pattern} near "${text.slice(Math.max(0, match.index - 20), match.index + 60).replace(/\s+/g, ' ')}"`;
  }
  return undefined;
}

/** Field names and values that must never leave a server. */
const SECRET_FIELD = /"(password|passwordHash|password_hash|hash|salt|jwtSecret|secret|heartbeatKey|apiKey)"\s*:/i;
const HASH_VALUE = /scrypt\$\d+\$|\$2[aby]\$\d{2}\$|\$argon2(?:id|i|d)\$/;

/** Why a body exposes a secret, or undefined. `known` are secret values this suite knows. */
export function secretIn(text: string, known: readonly string[] = []): string | undefined {
  const field = SECRET_FIELD.exec(text);
  if (field) return `field ${field[1]}`;
  const hash = HASH_VALUE.exec(text);
  if (hash) return `password hash ${hash[0]}…`;
  const value = known.find((secret) => secret.length >= 8 && text.includes(secret));
  if (value) return `secret value ${value.slice(0, 4)}…`;
  return undefined;
}
