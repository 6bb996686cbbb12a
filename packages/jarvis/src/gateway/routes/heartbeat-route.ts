import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { JarvisError } from '../../errors/jarvis-error';
import { authenticate, markAuth } from '../auth-hooks';
import { NO_QUERY, SERVICE_NAME, type RouteContext } from '../route-context';

/**
 * Services push `POST /api/heartbeat` so JARVIS hears from them even when its own probes cannot
 * reach them: the evidence that tells a network partition from an outage.
 */
export function registerHeartbeatRoute(app: FastifyInstance, context: RouteContext): void {
  const key = context.heartbeatKey ? Buffer.from(context.heartbeatKey) : undefined;
  const heartbeatAuth = markAuth(async (request: FastifyRequest): Promise<void> => {
    const sent = request.headers['x-heartbeat-key'];
    if (key && typeof sent === 'string') {
      const candidate = Buffer.from(sent);
      if (candidate.length === key.length && timingSafeEqual(candidate, key)) return;
      throw new JarvisError('INVALID_HEARTBEAT_KEY', 'heartbeat key is wrong');
    }
    await authenticate(context.tokens, 'user', request);
  }, 'heartbeat');
  app.post(
    '/api/heartbeat',
    {
      onRequest: heartbeatAuth,
      logLevel: 'warn',
      schema: {
        querystring: NO_QUERY,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['service', 'status'],
          properties: {
            service: SERVICE_NAME,
            status: { type: 'string', minLength: 1, maxLength: 32 },
            metrics: {
              type: 'object',
              additionalProperties: false,
              properties: {
                latencyP95Ms: { type: 'number', minimum: 0 },
                trafficRps: { type: 'number', minimum: 0 },
                errorRate: { type: 'number', minimum: 0, maximum: 1 },
                cpuPercent: { type: 'number', minimum: 0 },
                memoryPercent: { type: 'number', minimum: 0 },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const body = request.body as { service: string; status: string; metrics?: Record<string, number> };
      const result = context.jarvis.aggregator.recordHeartbeat(body.service, { status: body.status, metrics: body.metrics });
      void reply.code(202);
      return { service: body.service, ...result };
    },
  );
}
