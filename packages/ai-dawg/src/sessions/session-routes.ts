import type { FastifyInstance } from 'fastify';
import type { ProjectAccess } from '../daw-api/project-access';
import { authenticate } from '../backend/users/user-routes';
import type { TokenService } from '../backend/users/token-service';
import type { SessionStore } from './session-store';
import { buildSession, TEMPLATE_NAMES, type TemplateName } from './session-templates';

const uuid = { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' } as const;

const createSessionBody = {
  type: 'object',
  required: ['template'],
  additionalProperties: false,
  properties: {
    template: { type: 'string', enum: TEMPLATE_NAMES },
    name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
    sampleRate: { type: 'integer', enum: [44_100, 48_000, 88_200, 96_000] },
    bitDepth: { type: 'integer', enum: [16, 24, 32] },
    bpm: { type: 'integer', minimum: 20, maximum: 300 },
  },
} as const;

/** `POST /api/projects/:id/sessions { template }`: a ready session (tracks, buses, routing) in one call. */
export function registerSessionRoutes(app: FastifyInstance, deps: { sessions: SessionStore; access: ProjectAccess; tokens: TokenService }): void {
  const { sessions, access, tokens } = deps;

  app.get('/api/session-templates', async () => ({ templates: TEMPLATE_NAMES }));

  app.post<{ Params: { id: string }; Body: { template: TemplateName; name?: string; sampleRate?: number; bitDepth?: number; bpm?: number } }>(
    '/api/projects/:id/sessions',
    { schema: { params: { type: 'object', required: ['id'], properties: { id: uuid } }, body: createSessionBody } },
    async (request, reply) => {
      const user = await authenticate(request, tokens);
      await access.check(request.params.id, user.userId);
      const { template, ...options } = request.body;
      const session = await sessions.create(request.params.id, buildSession(template, options));
      return reply.code(201).header('location', `/api/projects/${request.params.id}/sessions/${session.id}`).send({ session });
    },
  );

  app.get<{ Params: { id: string; sessionId: string } }>(
    '/api/projects/:id/sessions/:sessionId',
    { schema: { params: { type: 'object', required: ['id', 'sessionId'], properties: { id: uuid, sessionId: uuid } } } },
    async (request) => {
      const user = await authenticate(request, tokens);
      await access.check(request.params.id, user.userId);
      return { session: await sessions.get(request.params.id, request.params.sessionId) };
    },
  );
}
