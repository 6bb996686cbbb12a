import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/app-error';
import type { ProjectStore } from '../projects/project-store';
import { authenticate } from '../users/user-routes';
import type { TokenService } from '../users/token-service';
import type { ProducerClient } from './producer-client';
import { generateBeatBody } from '../../producer/generate-beat-request';

/** Beat generation through the backend: auth and ownership here, the job itself at the producer. */
export function registerAiRoutes(app: FastifyInstance, deps: { store: ProjectStore; tokens: TokenService; producer?: ProducerClient }): void {
  const { store, tokens, producer } = deps;

  app.post<{ Body: { genre: string; bpm: number; projectId: string; bars?: number } }>('/api/ai/generate-beat', { schema: { body: generateBeatBody } }, async (request, reply) => {
    const user = await authenticate(request, tokens);
    await store.getOwned(request.body.projectId, user.userId);
    if (!producer) throw new AppError('DEPENDENCY_UNAVAILABLE', 'producer is unavailable (not configured)');
    return reply.code(202).send({ job: await producer.generateBeat(request.body) });
  });

  app.get<{ Params: { id: string } }>(
    '/api/ai/jobs/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,20}$' } } } } },
    async (request) => {
      const user = await authenticate(request, tokens);
      if (!producer) throw new AppError('DEPENDENCY_UNAVAILABLE', 'producer is unavailable (not configured)');
      const job = await producer.job(request.params.id);
      const projectId = (job.data as { projectId?: string } | undefined)?.projectId;
      if (projectId) await store.getOwned(projectId, user.userId);
      return { job };
    },
  );
}
