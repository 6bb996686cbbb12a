import { randomBytes } from 'node:crypto';
import { startTarget, type SystemName, type SystemTarget } from '@orch/harness';
import type { ProbeTarget } from '../catalog/probe';
import { startCanary, type RunningCanary } from './canary-server';

export interface SecurityTarget extends ProbeTarget {
  stop(): Promise<void>;
}

export interface SecurityTargetOptions {
  /** Requests per minute per client; the seed's 100 by default. The fuzzer raises it so its own traffic is not throttled. */
  rateLimitMax?: number;
  /** Start the vocal coach beside the AI DAWG backend (WebSocket probes). */
  vocalCoach?: boolean;
}

async function jarvisLogin(baseUrl: string, account: { username: string; password: string }): Promise<string> {
  const { username, password } = account;
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await response.json()) as { accessToken?: string };
  if (!response.ok || !body.accessToken) throw new Error(`JARVIS login as ${account.username} failed: ${response.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

/**
 * The system under attack, through the harness's `startTarget` (the deployed system when
 * JARVIS_URL / AIDAWG_URL are set). For a reference target this suite chooses the JWT secret,
 * the JARVIS accounts and the log level, and starts canary upstreams, so white-box proofs
 * (database census, log grep, expired tokens, SSRF canaries) are possible; a URL target gets
 * none of them and those probes report "not run".
 */
export async function startSecurityTarget(system: SystemName, options: SecurityTargetOptions = {}): Promise<SecurityTarget> {
  const jwtSecret = randomBytes(32).toString('hex');
  const environment = { JWT_SECRET: jwtSecret, LOG_LEVEL: 'info', RATE_LIMIT_MAX: String(options.rateLimitMax ?? 100) };
  const canaries: RunningCanary[] = [];
  try {
    if (system === 'jarvis') {
      const upstream = await startCanary();
      const internal = await startCanary();
      canaries.push(upstream, internal);
      const accounts = {
        user: { username: 'target-user', password: `pw-${randomBytes(10).toString('hex')}`, role: 'user' },
        admin: { username: 'target-admin', password: `pw-${randomBytes(10).toString('hex')}`, role: 'admin' },
      };
      const target = await startTarget('jarvis', {
        jarvis: {
          services: [{ name: 'backend', healthUrl: `${upstream.url}/health`, baseUrl: upstream.url }],
          environment: { ...environment, JARVIS_USERS: JSON.stringify(Object.values(accounts)) },
        },
      });
      if (target.kind === 'url') return wrap(target, {}, canaries);
      const tokens = new Map<string, string>();
      const authHeaders = async (role: 'user' | 'admin' = 'user'): Promise<Record<string, string>> => {
        if (!tokens.has(role)) tokens.set(role, await jarvisLogin(target.baseUrl, accounts[role]));
        return { authorization: `Bearer ${tokens.get(role)}` };
      };
      return wrap(
        target,
        { jwtSecret, authHeaders, sessionLogin: { username: accounts.user.username, password: accounts.user.password }, canaries: { upstream, internal } },
        canaries,
      );
    }
    const internal = await startCanary();
    canaries.push(internal);
    // The producer too: without it beat routes answer 503 DEPENDENCY_UNAVAILABLE, which the fuzzer would rightly count.
    const target = await startTarget('ai-dawg', { aiDawg: { services: options.vocalCoach ? ['producer', 'vocalCoach'] : ['producer'], environment } });
    if (target.kind === 'url') return wrap(target, { canaries: { internal } }, canaries);
    return wrap(target, { jwtSecret, databaseUrl: target.storage?.databaseUrl, canaries: { internal } }, canaries);
  } catch (error) {
    for (const canary of canaries) await canary.close();
    throw error;
  }
}

function wrap(target: SystemTarget, extra: Partial<ProbeTarget>, canaries: RunningCanary[]): SecurityTarget {
  return {
    system: target.system,
    kind: target.kind,
    baseUrl: target.baseUrl,
    urls: target.urls,
    authHeaders: (role) => target.authHeaders(role),
    createUser: (label) => target.createUser(label),
    output: () => target.output(),
    ...extra,
    stop: async () => {
      await target.stop();
      for (const canary of canaries) await canary.close();
    },
  };
}
