import type { FastifyInstance } from 'fastify';
import { JarvisError } from '../../errors/jarvis-error';
import { requireRole } from '../auth-hooks';
import { NO_QUERY, type RouteContext } from '../route-context';

/**
 * The kill switch at run time (read it, switch every autonomous action off or back on) and the
 * audit trail, read-only: there is deliberately no route that writes, edits or deletes history.
 */
export function registerAutonomyRoutes(app: FastifyInstance, context: RouteContext): void {
  const { killSwitch } = context.jarvis;
  const asAdmin = requireRole(context.tokens, 'admin');
  const auditTrail = () => {
    if (!context.jarvis.audit) throw new JarvisError('AUDIT_NOT_CONFIGURED', 'this JARVIS runs without an audit trail');
    return context.jarvis.audit;
  };

  app.get('/api/admin/autonomy', { onRequest: asAdmin, schema: { querystring: NO_QUERY } }, async () => ({ autonomy: killSwitch.status() }));

  app.get('/api/admin/autonomy/loop', { onRequest: asAdmin, schema: { querystring: NO_QUERY } }, async () => {
    if (!context.jarvis.autonomy) throw new JarvisError('AUTONOMY_NOT_CONFIGURED', 'this JARVIS runs without the autonomous control loop (set JARVIS_AUTONOMY_LOOP=true)');
    return { loop: context.jarvis.autonomy.status() };
  });

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

  app.get(
    '/api/admin/audit',
    { onRequest: asAdmin, schema: { querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 } } } } },
    async (request) => {
      const limit = (request.query as { limit?: number }).limit ?? 100;
      const trail = auditTrail();
      return { head: trail.head(), entries: trail.entries().slice(-limit) };
    },
  );

  app.get('/api/admin/audit/verify', { onRequest: asAdmin, schema: { querystring: NO_QUERY } }, async () => ({ verification: auditTrail().verify() }));
}
