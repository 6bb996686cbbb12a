import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from '../../errors/app-error';
import type { Clock } from '../../shared/clock';
import { AttackDetector, type AttackFinding } from './attack-detector';
import { originAllowed } from '../../shared/origin-policy';

export interface RateLimitSettings {
  /** Seed: 100 requests per minute per client. */
  max: number;
  timeWindowMs?: number;
}

/** `RATE_LIMIT_MAX` (requests per minute per client; unset or 0: off), read by the backend's entry. */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimitSettings | false {
  const max = Number(env.RATE_LIMIT_MAX ?? 0);
  return Number.isFinite(max) && max > 0 ? { max } : false;
}

export interface SecurityOptions {
  rateLimit: RateLimitSettings | false;
  /** Counters live here when given, so every backend instance shares a client's count. */
  redis?: Redis;
  redisPrefix: string;
  clock: Clock;
  /** Origins allowed to open WebSockets besides the backend's own (the studio page is served by it). */
  allowedOrigins?: string[];
}

/**
 * The backend's edge defences, found missing by the security agent's catalog: hardening headers,
 * a per-client rate limit counted before anything else runs, a WAF-style detector that blocks
 * spoofing and distributed login attacks, and an Origin check on WebSocket upgrades (a browser
 * on a foreign site must not ride a user's token into the project feed).
 */
export async function installSecurity(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  // The studio route sets its own, stricter page policy; API answers are JSON.
  await app.register(helmet, { global: true, contentSecurityPolicy: false });
  const blocked = new Set<string>();
  app.addHook('onRequest', async (request) => {
    if (blocked.has(request.ip)) throw new AppError('CLIENT_BLOCKED', 'this client address is blocked after an attack pattern');
  });
  if (options.rateLimit) {
    await app.register(rateLimit, {
      global: false,
      max: options.rateLimit.max,
      timeWindow: options.rateLimit.timeWindowMs ?? 60_000,
      ...(options.redis ? { redis: options.redis, nameSpace: `${options.redisPrefix}rate-limit:` } : {}),
      skipOnError: true,
      keyGenerator: (request) => request.ip,
      allowList: (request) => request.url === '/health',
      errorResponseBuilder: (_request, context) => new AppError('RATE_LIMITED', `rate limit of ${context.max} requests per ${context.after} exceeded; retry later`),
    });
    // A global hook runs before each route's own hooks, so refused and anonymous requests count too.
    app.addHook('onRequest', app.rateLimit());
  }
  const detector = new AttackDetector(() => options.clock.now());
  const block = (finding: AttackFinding | undefined): void => {
    if (!finding) return;
    app.log.warn({ securityEvent: finding.kind, addresses: finding.addresses }, `attack detected: ${finding.reason}`);
    for (const address of finding.addresses) blocked.add(address);
  };
  app.addHook('onRequest', async (request) => {
    // The socket address is the client only where the backend limits clients itself (RATE_LIMIT_MAX);
    // behind a proxy, which forwards a different address per real client, rotation is normal.
    const forwarded = request.headers['x-forwarded-for'];
    if (options.rateLimit && typeof forwarded === 'string') block(detector.observeForwarded(request.ip, forwarded));
    const origin = request.headers.origin;
    if (request.headers.upgrade?.toLowerCase() === 'websocket' && typeof origin === 'string' && !originAllowed(origin, request.headers.host, options.allowedOrigins ?? [])) {
      throw new AppError('FORBIDDEN', 'WebSocket connections from this origin are not allowed');
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode === 401 && request.routeOptions.url === '/api/auth/login') block(detector.observeLoginFailure(request.ip));
  });
}
