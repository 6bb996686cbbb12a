import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { DestinationStream, Logger } from 'pino';
import { JarvisError } from '../errors/jarvis-error';
import { createJarvis, type Jarvis, type JarvisOptions } from '../jarvis/create-jarvis';
import { AttackDetector } from './attack-detector';
import { authOf } from './auth-hooks';
import { frameworkErrorHandler, installErrorHandling } from './error-handler';
import { lazyChildLogger } from './lazy-child-logger';
import { createLogger } from './logger';
import { installSecurityHeaders } from './security-headers';
import type { RouteContext } from './route-context';
import { registerAuthRoutes } from './routes/auth-routes';
import { registerAutonomyRoutes } from './routes/autonomy-routes';
import { registerControlRoutes } from './routes/control-routes';
import { registerHealthRoutes } from './routes/health-routes';
import { registerHeartbeatRoute } from './routes/heartbeat-route';
import { registerProxyRoutes } from './routes/proxy-routes';
import { TokenService, type UserAccount } from './token-service';

export interface RateLimitOptions {
  /** Seed: 100 requests per minute per client. */
  max?: number;
  timeWindowMs?: number;
  /** A shared Redis (a URL, or a client the caller owns and closes); in-process counters without one. */
  redis?: string | Redis;
  keyPrefix?: string;
  /** Block a client address after this many rejected requests (0 disables). */
  autoBlockAfter?: number;
}

export interface BuildAppOptions extends JarvisOptions {
  /** HS256 secret, at least 32 characters. */
  jwtSecret: string;
  users?: UserAccount[];
  /** Seed: JWT with short expiry (15 minutes by default). */
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  rateLimit?: RateLimitOptions | false;
  /** Largest accepted body in bytes (1 MiB by default); larger gets 413 PAYLOAD_TOO_LARGE. */
  bodyLimit?: number;
  /** Logger: a pino instance, or options (level, a stream to write to). */
  logger?: Logger | { level?: string; stream?: DestinationStream };
  heartbeatKey?: string;
  proxyTimeoutMs?: number;
  trustProxy?: boolean;
}

export interface RouteInfo {
  method: string;
  url: string;
  auth: 'public' | 'user' | 'admin' | 'heartbeat';
  schema: { body?: unknown; params?: unknown; querystring?: unknown };
}

declare module 'fastify' {
  interface FastifyInstance {
    jarvis: Jarvis & { routes: RouteInfo[]; tokens: TokenService };
  }
}

function isLogger(value: unknown): value is Logger {
  return typeof value === 'object' && value !== null && typeof (value as Logger).child === 'function' && typeof (value as Logger).info === 'function';
}

/**
 * The JARVIS gateway and control plane. Polling starts when the app is ready (unless
 * `autoStart: false`); `app.close()` stops it and releases timers, breakers, processes and Redis.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const jarvis = createJarvis(options);
  // What start-up acquires (JARVIS's timers and stores, the rate limiter's own Redis) is released
  // when a later step fails; once the app exists whole, its onClose hook releases them.
  const owned: OwnedConnections = {};
  try {
    return await assembleGateway(options, jarvis, owned);
  } catch (error) {
    throw await releaseAfterFailedStart(jarvis, owned, error);
  }
}

async function assembleGateway(options: BuildAppOptions, jarvis: Jarvis, owned: OwnedConnections): Promise<FastifyInstance> {
  const tokens = new TokenService(options.jwtSecret, jarvis.clock, options.users ?? [], options.accessTokenTtlSeconds, options.refreshTokenTtlSeconds);
  const logger = isLogger(options.logger) ? options.logger : createLogger(options.logger ?? {});
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    childLoggerFactory: lazyChildLogger,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: options.trustProxy ?? false,
    frameworkErrors: frameworkErrorHandler,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      const auth = authOf(route.onRequest);
      routes.push({ method, url: route.url, auth, schema: { ...(route.schema ?? {}) } as RouteInfo['schema'] });
    }
  });
  app.decorate('jarvis', Object.assign(jarvis, { routes, tokens }));
  installErrorHandling(app);
  installSecurityHeaders(app);

  // Blocked addresses are refused before anything else runs. Per-request hooks here take a
  // callback rather than being async: a promise per hook per request was a measurable share of
  // GET /health's cost (the performance agent's 1000 req/s target).
  app.addHook('onRequest', (request, _reply, done) => {
    done(jarvis.denylist.has(request.ip) ? new JarvisError('IP_BLOCKED', 'this address is blocked') : undefined);
  });

  if (options.rateLimit !== false) {
    const limit = options.rateLimit ?? {};
    const redis = typeof limit.redis === 'string' ? (owned.redis = new Redis(limit.redis, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false })) : limit.redis;
    const violations = new Map<string, number>();
    const autoBlockAfter = limit.autoBlockAfter ?? 0;
    // Not `global: true`: that appends the limiter after each route's own onRequest hooks, so a
    // request refused by authentication (401) was never counted and anonymous floods went unlimited.
    await app.register(rateLimit, {
      global: false,
      max: limit.max ?? 100,
      timeWindow: limit.timeWindowMs ?? 60_000,
      ...(redis ? { redis, nameSpace: limit.keyPrefix ?? 'jarvis-rate-limit:' } : {}),
      // Counting must not take the gateway down with Redis: fail open and log.
      skipOnError: true,
      keyGenerator: (request) => request.ip,
      // Health and metrics are for probes and load balancers; they carry no secrets and do no I/O.
      allowList: (request) => isProbe(request.url),
      errorResponseBuilder: (_request, context) => new JarvisError('RATE_LIMITED', `rate limit of ${context.max} requests per ${context.after} exceeded; retry later`),
      onExceeded: (request) => {
        if (autoBlockAfter <= 0) return;
        const count = (violations.get(request.ip) ?? 0) + 1;
        violations.set(request.ip, count);
        if (count === autoBlockAfter) jarvis.recovery.blockIp(request.ip, `${count} requests over the rate limit`);
      },
    });
    // Probes are exempt (allowList above); skipping the limiter for them up front spares its awaits.
    const limiter = app.rateLimit();
    app.addHook('onRequest', function (request, reply, done) {
      if (isProbe(request.url)) return done();
      limiter.call(this, request, reply).then(() => done(), done);
    });
  }

  // Behind a trusted proxy every request carries a forwarded address of its own client: rotation is normal there.
  watchForAttacks(app, jarvis, { forwardedFor: !(options.trustProxy ?? false) });

  const context: RouteContext = { jarvis, tokens, heartbeatKey: options.heartbeatKey, proxyTimeoutMs: options.proxyTimeoutMs ?? 10_000 };
  registerHealthRoutes(app, context);
  registerAuthRoutes(app, context);
  registerControlRoutes(app, context);
  registerAutonomyRoutes(app, context);
  registerHeartbeatRoute(app, context);
  registerProxyRoutes(app, context);

  app.addHook('onReady', async () => {
    if (options.autoStart !== false) await jarvis.start();
  });
  app.addHook('onClose', async () => {
    await jarvis.close();
    await closeRedis(owned.redis);
  });
  return app;
}

/**
 * The WAF-style detector: a client rotating X-Forwarded-For, or failed logins from many
 * addresses at once, gets its addresses on the denylist (403 IP_BLOCKED, listed for admins).
 */
function watchForAttacks(app: FastifyInstance, jarvis: Jarvis, watch: { forwardedFor: boolean }): void {
  const detector = new AttackDetector(jarvis.clock);
  const block = (finding: ReturnType<AttackDetector['observeForwarded']>): void => {
    if (!finding) return;
    app.log.warn({ securityEvent: finding.kind, addresses: finding.addresses }, `attack detected: ${finding.reason}`);
    for (const address of finding.addresses) jarvis.recovery.blockIp(address, `attack detector: ${finding.reason}`);
  };
  app.addHook('onRequest', (request, _reply, done) => {
    const forwarded = request.headers['x-forwarded-for'];
    if (watch.forwardedFor && typeof forwarded === 'string') block(detector.observeForwarded(request.ip, forwarded));
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode === 401 && request.routeOptions.url === '/api/auth/login') block(detector.observeLoginFailure(request.ip));
    done();
  });
}

/** Health and metrics are for probes and load balancers: they carry no secrets and do no I/O. */
function isProbe(url: string): boolean {
  return url === '/health' || url.startsWith('/metrics');
}

interface OwnedConnections {
  redis?: Redis;
}

/** quit() waits for a connection that may never come; only a ready client is closed politely. */
async function closeRedis(redis: Redis | undefined): Promise<void> {
  if (redis?.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis?.disconnect();
}

/** Releases what a failed start-up acquired and returns the error to throw: the start-up's own, with any failed release attached. */
async function releaseAfterFailedStart(jarvis: Jarvis, owned: OwnedConnections, error: unknown): Promise<unknown> {
  const results = await Promise.allSettled([jarvis.close(), closeRedis(owned.redis)]);
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (failures.length === 0) return error;
  const detail = failures.map((failure) => (failure instanceof Error ? failure.message : String(failure))).join('; ');
  return new AggregateError([error, ...failures], `${error instanceof Error ? error.message : String(error)} (and releasing what start-up acquired failed: ${detail})`, {
    cause: error,
  });
}
