import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error';
import { callDependency } from '../errors/dependency-call';
import type { ProjectAccess } from '../daw-api/project-access';
import { authenticate } from '../backend/users/user-routes';
import type { TokenService } from '../backend/users/token-service';
import { contentDisposition, validateFileName } from './file-name';

const uuid = { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' } as const;

function fileKey(projectId: string, name: string): string {
  return `projects/${projectId}/files/${name}`;
}

/**
 * Project files by name (`PUT/GET /api/projects/:id/files/:name`, `GET .../files`): the name is
 * the S3 key's last segment as UTF-8, so `项目 🎵.ptx` comes back byte-identical.
 */
export async function registerFileRoutes(app: FastifyInstance, deps: { s3: S3Client; bucket: string; access: ProjectAccess; tokens: TokenService; maxFileBytes?: number }): Promise<void> {
  const { s3, bucket, access, tokens } = deps;
  await app.register(async (scope) => {
    // Raw bytes only inside this scope: the rest of the API stays JSON-only.
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: deps.maxFileBytes ?? 64 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    scope.put<{ Params: { id: string; name: string }; Body: Buffer }>('/api/projects/:id/files/:name', { schema: { params: { type: 'object', required: ['id', 'name'], properties: { id: uuid, name: { type: 'string' } } } } }, async (request, reply) => {
      const user = await authenticate(request, tokens);
      await access.check(request.params.id, user.userId);
      const name = validateFileName(request.params.name);
      if (!Buffer.isBuffer(request.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as application/octet-stream');
      await callDependency('s3', () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: fileKey(request.params.id, name), Body: request.body, ContentLength: request.body.length })));
      return reply.code(201).send({ file: { name, size: request.body.length } });
    });

    scope.get<{ Params: { id: string; name: string } }>('/api/projects/:id/files/:name', { schema: { params: { type: 'object', required: ['id', 'name'], properties: { id: uuid, name: { type: 'string' } } } } }, async (request, reply) => {
      const user = await authenticate(request, tokens);
      await access.check(request.params.id, user.userId);
      const name = validateFileName(request.params.name);
      const object = await callDependency('s3', () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: fileKey(request.params.id, name) }))).catch((error: unknown) => {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) throw new AppError('NOT_FOUND', 'file not found');
        throw error;
      });
      const bytes = Buffer.from(await object.Body!.transformToByteArray());
      return reply.header('content-type', 'application/octet-stream').header('content-disposition', contentDisposition(name)).send(bytes);
    });

    scope.get<{ Params: { id: string } }>('/api/projects/:id/files', { schema: { params: { type: 'object', required: ['id'], properties: { id: uuid } } } }, async (request) => {
      const user = await authenticate(request, tokens);
      await access.check(request.params.id, user.userId);
      const prefix = fileKey(request.params.id, '');
      const listed = await callDependency('s3', () => s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix })));
      return { files: (listed.Contents ?? []).map((object) => ({ name: object.Key!.slice(prefix.length), size: object.Size ?? 0 })) };
    });
  });
}
