import type { FastifyInstance } from 'fastify';
import { requireRole } from '../auth-hooks';
import { NO_QUERY, type RouteContext } from '../route-context';

/** The kill switch at run time: read it, or switch every autonomous action off (or back on). */
export function registerAutonomyRoutes(app: FastifyInstance, context: RouteContext): void {
  const { killSwitch } = context.jarvis;
  const asAdmin = requireRole(context.tokens, 'admin');

  app.get('/api/admin/autonomy', { onRequest: asAdmin, schema: { querystring: NO_QUERY } }, async () => ({ autonomy: killSwitch.status() }));

  app.put(
    '/api/admin/autonomy',
    {
      onRequest: asAdmin,
      schema: {
        querystring: NO_QUERY,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['enabled', 'reason'],
          properties: { enabled: { type: 'boolean' }, reason: { type: 'string', minLength: 1, maxLength: 500 } },
        },
      },
    },
    async (request) => {
      const { enabled, reason } = request.body as { enabled: boolean; reason: string };
      return { autonomy: killSwitch.set(enabled, request.principal?.sub ?? 'admin', reason) };
    },
  );
}
