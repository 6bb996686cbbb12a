import type { FastifyInstance } from 'fastify';
import { authenticate } from '../users/user-routes';
import type { TokenService } from '../users/token-service';
import { createProjectBody, listProjectsQuery, projectIdParams, updateProjectBody, type CreateProjectInput, type UpdateProjectInput } from './project-schemas';
import type { ProjectStore } from './project-store';

export function registerProjectRoutes(app: FastifyInstance, deps: { store: ProjectStore; tokens: TokenService }): void {
  const { store, tokens } = deps;

  app.post<{ Body: CreateProjectInput }>('/api/projects', { schema: { body: createProjectBody } }, async (request, reply) => {
    const user = await authenticate(request, tokens);
    const project = await store.create(user.userId, request.body);
    return reply.code(201).header('location', `/api/projects/${project.id}`).send({ project });
  });

  app.get<{ Querystring: { search?: string; limit: number } }>('/api/projects', { schema: { querystring: listProjectsQuery } }, async (request) => {
    const user = await authenticate(request, tokens);
    return { projects: await store.list(user.userId, request.query.search, request.query.limit) };
  });

  app.get<{ Params: { id: string } }>('/api/projects/:id', { schema: { params: projectIdParams } }, async (request) => {
    const user = await authenticate(request, tokens);
    const project = await store.getOwned(request.params.id, user.userId);
    const [files, beats] = await Promise.all([store.files(project.id), store.beats(project.id)]);
    return { project: { ...project, files, beats } };
  });

  app.patch<{ Params: { id: string }; Body: UpdateProjectInput }>('/api/projects/:id', { schema: { params: projectIdParams, body: updateProjectBody } }, async (request) => {
    const user = await authenticate(request, tokens);
    return { project: await store.update(request.params.id, user.userId, request.body) };
  });

  app.delete<{ Params: { id: string } }>('/api/projects/:id', { schema: { params: projectIdParams } }, async (request, reply) => {
    const user = await authenticate(request, tokens);
    await store.delete(request.params.id, user.userId);
    return reply.code(204).send();
  });
}
