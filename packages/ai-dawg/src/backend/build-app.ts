import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { Pool } from 'pg';
import { STRICT_AJV } from '../shared/strict-ajv';
import { installErrorHandler, routerErrorHandler } from '../errors/error-handler';
import { systemClock, type Clock } from '../shared/clock';
import { HealthReporter } from '../shared/health-report';
import { ReleaseStack } from '../shared/release-stack';
import { registerAiRoutes } from './ai/ai-routes';
import { ProducerClient } from './ai/producer-client';
import { ProjectStore } from './projects/project-store';
import { registerProjectRoutes } from './projects/project-routes';
import { ProjectEventRelay } from './realtime/project-events';
import { registerProjectSocketRoutes } from './realtime/project-socket-routes';
import { registerStudioRoutes } from './studio/studio-routes';
import { registerDawRoutes } from '../daw-api/register-daw-routes';
import { TokenService } from './users/token-service';
import { registerUserRoutes } from './users/user-routes';
import { installSecurity, rateLimitFromEnv, type RateLimitSettings } from './security/install-security';
import { redactingLogger } from './security/log-redaction';

export interface BackendOptions {
  /** A pg Pool (owned by the caller) or a connection string (the app makes and closes its pool). */
  database: Pool | string;
  /** Commands and health; the app duplicates it for its pub/sub subscription. Owned by the caller. */
  redis: Redis;
  s3: S3Client;
  bucket: string;
  jwtSecret: string;
  clock?: Clock;
  /** Base URL of the producer service; without it beat generation answers 503. */
  producerUrl?: string;
  /** Redis key/channel prefix shared with the producer (isolates parallel runs). */
  redisPrefix?: string;
  vocalCoachUrl?: string;
  logger?: boolean;
  bodyLimitBytes?: number;
  /** Per-client rate limit (seed: 100 a minute); from RATE_LIMIT_MAX when not given, `false` for none. */
  rateLimit?: RateLimitSettings | false;
  /** Origins besides the backend's own that may open WebSockets (a studio served elsewhere). */
  allowedOrigins?: string[];
  /** How often open collaboration rooms compact their update log (default 10 min, on `clock`). */
  collabCompactEveryMs?: number;
}

/** The AI DAWG backend: auth, projects (Postgres + S3), beat generation via the producer, live project events, studio page, health. */
export async function buildApp(options: BackendOptions): Promise<FastifyInstance> {
  const clock = options.clock ?? systemClock;
  // The app first: it acquires nothing until it listens, and its logger gives every later error a place to go.
  const app = Fastify({
    ajv: STRICT_AJV,
    logger: redactingLogger(options.logger ?? false),
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    return503OnClosing: true,
    frameworkErrors: routerErrorHandler,
  });
  const releases = new ReleaseStack();
  try {
    await assembleBackend(app, options, clock, releases);
  } catch (error) {
    return releases.failStartup(error);
  }
  app.addHook('onClose', () => releases.releaseAll());
  return app;
}

/** Acquires the backend's connections (registering each release as it goes) and its routes. */
async function assembleBackend(app: FastifyInstance, options: BackendOptions, clock: Clock, releases: ReleaseStack): Promise<void> {
  const ownsPool = typeof options.database === 'string';
  const pool =
    typeof options.database === 'string' ? new Pool({ connectionString: options.database, max: 20, connectionTimeoutMillis: 2_000, idleTimeoutMillis: 10_000 }) : options.database;
  // A server that goes away makes idle clients emit errors; requests then answer 503 through callDependency.
  const onPoolError = (error: Error): void => app.log.warn({ err: error, dependency: 'postgres' }, 'idle Postgres client failed');
  pool.on('error', onPoolError);
  releases.add('Postgres pool', async () => {
    pool.off('error', onPoolError);
    if (ownsPool) await pool.end();
  });
  const subscriber = options.redis.duplicate();
  subscriber.on('error', (error) => app.log.warn({ err: error, dependency: 'redis' }, 'project-events subscriber connection failed; ioredis reconnects'));
  releases.add('Redis subscriber', () => subscriber.disconnect());
  const prefix = options.redisPrefix ?? 'aidawg:';

  installErrorHandler(app);
  await installSecurity(app, {
    rateLimit: options.rateLimit ?? rateLimitFromEnv(),
    redis: options.redis,
    redisPrefix: options.redisPrefix ?? 'aidawg:',
    clock,
    allowedOrigins: options.allowedOrigins,
  });
  // Fastify parses text/plain by default; the API is JSON-only, so any other body is 415 (ERRORS.md).
  app.removeContentTypeParser('text/plain');
  await app.register(websocket, { options: { maxPayload: 1_048_576 } });

  const tokens = new TokenService(options.jwtSecret, clock);
  const store = new ProjectStore(pool, options.s3, options.bucket, clock);
  const relay = new ProjectEventRelay(subscriber, prefix);
  await relay.start();
  const health = new HealthReporter(
    'ai-dawg-backend',
    [
      { name: 'postgres', check: () => pool.query('SELECT 1') },
      { name: 'redis', check: () => options.redis.ping() },
      { name: 's3', check: () => options.s3.send(new HeadBucketCommand({ Bucket: options.bucket })) },
    ],
    clock,
  );
  releases.add('health reporter', () => health.close());

  app.get('/health', async (_request, reply) => {
    const report = await health.report();
    return reply.code(report.status === 'healthy' ? 200 : 503).send(report);
  });
  registerUserRoutes(app, { pool, tokens, clock });
  registerProjectRoutes(app, { store, tokens });
  registerAiRoutes(app, { store, tokens, producer: options.producerUrl ? new ProducerClient(options.producerUrl) : undefined });
  registerProjectSocketRoutes(app, { store, tokens, relay });
  registerStudioRoutes(app, { vocalCoachUrl: options.vocalCoachUrl });
  await registerDawRoutes(app, { pool, s3: options.s3, bucket: options.bucket, tokens, clock, collabCompactEveryMs: options.collabCompactEveryMs });
}
