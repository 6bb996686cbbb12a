import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/app-error';
import type { ProjectStore } from '../projects/project-store';
import { authenticate } from '../users/user-routes';
import type { TokenService } from '../users/token-service';
import type { ProjectEventRelay } from './project-events';

/**
 * `GET /ws/projects/:id?token=...`: the owner's live feed of project events (beat ready or
 * failed). Auth and ownership are checked before the socket is used; a refusal is sent as one
 * JSON error frame and the socket is closed with 4401/4403/4404.
 */
export function registerProjectSocketRoutes(app: FastifyInstance, deps: { store: ProjectStore; tokens: TokenService; relay: ProjectEventRelay }): void {
  const { store, tokens, relay } = deps;
  app.get<{ Params: { id: string } }>('/ws/projects/:id', { websocket: true }, async (socket, request) => {
    const projectId = request.params.id;
    try {
      if (!/^[0-9a-f-]{36}$/i.test(projectId)) throw new AppError('NOT_FOUND', 'project not found');
      const user = await authenticate(request, tokens);
      await store.getOwned(projectId, user.userId);
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError('INTERNAL', 'internal error');
      socket.send(JSON.stringify(appError.toJSON()));
      socket.close(4000 + appError.status, appError.code);
      return;
    }
    const unsubscribe = relay.subscribe(projectId, (event) => socket.send(JSON.stringify(event)));
    socket.on('close', unsubscribe);
    socket.send(JSON.stringify({ type: 'subscribed', projectId }));
  });
}
