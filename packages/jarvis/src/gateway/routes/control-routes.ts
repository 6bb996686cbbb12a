import type { FastifyInstance } from 'fastify';
import { requireRole } from '../auth-hooks';
import { NO_QUERY, SERVICE_NAME, type RouteContext } from '../route-context';

/** Read and act on the control plane: services, alerts, recovery actions, the IP denylist. */
export function registerControlRoutes(app: FastifyInstance, context: RouteContext): void {
  const { aggregator, alerts, recovery, actionLog, denylist, clock } = context.jarvis;
  const asUser = requireRole(context.tokens, 'user');
  const asAdmin = requireRole(context.tokens, 'admin');

  app.get('/api/services', { onRequest: asUser, schema: { querystring: NO_QUERY } }, async () => ({ services: Object.values(aggregator.snapshot().services) }));

  app.get(
    '/api/services/:name',
    { onRequest: asUser, schema: { querystring: NO_QUERY, params: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: SERVICE_NAME } } } },
    async (request) => aggregator.service((request.params as { name: string }).name),
  );

  app.get(
    '/api/alerts',
    {
      onRequest: asUser,
      schema: { querystring: { type: 'object', additionalProperties: false, properties: { state: { type: 'string', enum: ['firing', 'pending', 'resolved'] } } } },
    },
    async (request) => {
      const state = (request.query as { state?: string }).state;
      return {
        firing: !state || state === 'firing' ? alerts.firing() : [],
        pending: !state || state === 'pending' ? alerts.pending() : [],
        resolved: !state || state === 'resolved' ? alerts.resolved() : [],
      };
    },
  );

  app.get(
    '/api/recovery/actions',
    { onRequest: asAdmin, schema: { querystring: { type: 'object', additionalProperties: false, properties: { service: SERVICE_NAME } } } },
    async (request) => ({ actions: actionLog.list({ service: (request.query as { service?: string }).service }) }),
  );

  app.post(
    '/api/recovery/:service/restart',
    {
      onRequest: asAdmin,
      schema: {
        querystring: NO_QUERY,
        params: { type: 'object', additionalProperties: false, required: ['service'], properties: { service: SERVICE_NAME } },
        body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } } },
      },
    },
    async (request) => {
      const { service } = request.params as { service: string };
      aggregator.serviceConfig(service);
      const record = await recovery.restart(service, (request.body as { reason: string }).reason);
      return { action: record };
    },
  );

  app.get('/api/admin/blocked-ips', { onRequest: asAdmin, schema: { querystring: NO_QUERY } }, async () => ({ blocked: denylist.list() }));

  app.post(
    '/api/admin/blocked-ips',
    {
      onRequest: asAdmin,
      schema: {
        querystring: NO_QUERY,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['ip', 'reason'],
          properties: { ip: { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] }, reason: { type: 'string', minLength: 1, maxLength: 500 } },
        },
      },
    },
    async (request, reply) => {
      const { ip, reason } = request.body as { ip: string; reason: string };
      const record = recovery.blockIp(ip, `${reason} (by ${request.principal?.sub ?? 'admin'})`);
      void reply.code(201);
      return { blocked: { ip, reason, at: clock.now() }, action: record };
    },
  );

  app.delete(
    '/api/admin/blocked-ips/:ip',
    {
      onRequest: asAdmin,
      schema: {
        querystring: NO_QUERY,
        params: { type: 'object', additionalProperties: false, required: ['ip'], properties: { ip: { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] } } },
      },
    },
    async (request) => ({ unblocked: denylist.unblock((request.params as { ip: string }).ip) }),
  );
}
