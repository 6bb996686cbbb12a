import type { FastifyInstance } from 'fastify';
import { requireRole } from '../auth-hooks';
import { NO_QUERY, type RouteContext } from '../route-context';

export function registerAuthRoutes(app: FastifyInstance, context: RouteContext): void {
  app.post(
    '/api/auth/login',
    {
      schema: {
        querystring: NO_QUERY,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password'],
          properties: { username: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._@-]+$' }, password: { type: 'string', minLength: 1, maxLength: 256 } },
        },
      },
    },
    async (request) => {
      const { username, password } = request.body as { username: string; password: string };
      return context.tokens.login(username, password);
    },
  );

  app.post(
    '/api/auth/refresh',
    {
      schema: {
        querystring: NO_QUERY,
        body: { type: 'object', additionalProperties: false, required: ['refreshToken'], properties: { refreshToken: { type: 'string', minLength: 1, maxLength: 4096 } } },
      },
    },
    async (request) => context.tokens.refresh((request.body as { refreshToken: string }).refreshToken),
  );

  app.post(
    '/api/auth/logout',
    {
      onRequest: requireRole(context.tokens, 'user'),
      schema: {
        querystring: NO_QUERY,
        body: { type: 'object', additionalProperties: false, properties: { refreshToken: { type: 'string', minLength: 1, maxLength: 4096 } } },
      },
    },
    async (request, reply) => {
      const accessToken = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '').trim();
      await context.tokens.logout(accessToken, (request.body as { refreshToken?: string } | undefined)?.refreshToken);
      return reply.code(204).send();
    },
  );
}
