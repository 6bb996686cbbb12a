import type { FastifyInstance } from 'fastify';
import { NO_QUERY, type RouteContext } from '../route-context';

export function registerHealthRoutes(app: FastifyInstance, context: RouteContext): void {
  const { aggregator } = context.jarvis;
  // The performance agent's 1000 req/s target: the answer is the snapshot serialised when it
  // last changed, so this handler does no I/O and no JSON work.
  app.get('/health', { schema: { querystring: NO_QUERY }, logLevel: 'warn' }, (_request, reply) => {
    void reply.type('application/json').send(aggregator.healthJson());
  });

  app.get(
    '/metrics',
    { schema: { querystring: { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: ['json', 'prometheus'] } } } }, logLevel: 'warn' },
    async (request, reply) => {
      const format = (request.query as { format?: string }).format;
      const wantsText = format === 'prometheus' || (!format && /text\/plain/.test(request.headers.accept ?? '') && !/json/.test(request.headers.accept ?? ''));
      if (wantsText) {
        const { contentType, text } = await aggregator.prometheus();
        return reply.type(contentType).send(text);
      }
      return reply.send({ at: context.jarvis.clock.now(), thresholds: aggregator.thresholds, services: aggregator.metrics() });
    },
  );
}
