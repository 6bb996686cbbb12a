import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error';
import type { ProjectAccess } from '../daw-api/project-access';
import { authenticate } from '../backend/users/user-routes';
import type { TokenService } from '../backend/users/token-service';
import type { CollabHub } from './collab-hub';
import type { RoomPeer } from './collab-room';

const uuid = { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' } as const;

/**
 * `GET /ws/collab/:id?token=` (the project's Yjs document over WebSocket, y-protocols sync),
 * collaborators, and the conflict list the users settle: `GET /api/projects/:id/conflicts`,
 * `POST /api/projects/:id/conflicts/:conflictId/resolve { choice }`.
 */
export function registerCollabRoutes(app: FastifyInstance, deps: { hub: CollabHub; access: ProjectAccess; tokens: TokenService }): void {
  const { hub, access, tokens } = deps;

  app.get<{ Params: { id: string } }>('/ws/collab/:id', { websocket: true }, async (socket, request) => {
    const projectId = request.params.id;
    // Messages that arrive while auth and the room load are buffered, not lost.
    const early: Buffer[] = [];
    const buffer = (data: Buffer): number => early.push(data);
    socket.on('message', buffer);
    let userId: string;
    try {
      userId = (await authenticate(request, tokens)).userId;
      await access.check(projectId, userId);
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError('INTERNAL', 'internal error');
      socket.send(JSON.stringify({ type: 'error', ...appError.toJSON() }));
      socket.close(4000 + appError.status, appError.code);
      return;
    }
    const peer: RoomPeer = { userId, send: (data) => socket.readyState === socket.OPEN && socket.send(data) };
    const room = await hub.join(projectId, peer);
    socket.off('message', buffer);
    const onMessage = (data: Buffer): void => void room.handleMessage(peer, new Uint8Array(data));
    socket.on('message', onMessage);
    for (const data of early.splice(0)) onMessage(data);
    socket.on('close', () => void hub.leave(projectId, peer));
  });

  app.post<{ Params: { id: string }; Body: { userId: string } }>(
    '/api/projects/:id/collaborators',
    {
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: uuid } },
        body: { type: 'object', required: ['userId'], additionalProperties: false, properties: { userId: uuid } },
      },
    },
    async (request, reply) => {
      const user = await authenticate(request, tokens);
      await access.addMember(request.params.id, user.userId, request.body.userId);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: string }; Querystring: { status?: 'open' | 'resolved' } }>(
    '/api/projects/:id/conflicts',
    {
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: uuid } },
        querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: ['open', 'resolved'] }, token: { type: 'string' } } },
      },
    },
    async (request) => {
      const user = await authenticate(request, tokens);
      await access.check(request.params.id, user.userId);
      return { conflicts: await hub.conflicts.list(request.params.id, request.query.status) };
    },
  );

  app.post<{ Params: { id: string; conflictId: string }; Body: { choice: number } }>(
    '/api/projects/:id/conflicts/:conflictId/resolve',
    {
      schema: {
        params: { type: 'object', required: ['id', 'conflictId'], properties: { id: uuid, conflictId: uuid } },
        body: { type: 'object', required: ['choice'], additionalProperties: false, properties: { choice: { type: 'integer', minimum: 0, maximum: 15 } } },
      },
    },
    async (request) => {
      const user = await authenticate(request, tokens);
      await access.check(request.params.id, user.userId);
      const conflict = await hub.conflicts.resolve(request.params.id, request.params.conflictId, request.body.choice, user.userId);
      const room = await hub.room(request.params.id);
      await room.applyResolution(conflict.id, conflict.key, conflict.resolution!.value);
      // Opened only to apply the resolution: closed again when nobody is connected.
      await hub.leave(request.params.id);
      return { conflict };
    },
  );
}
