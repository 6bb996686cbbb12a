import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error';
import { callDependency } from '../errors/dependency-call';
import type { ProjectAccess } from '../daw-api/project-access';
import { authenticate } from '../backend/users/user-routes';
import type { TokenService } from '../backend/users/token-service';
import { AudioFormatError } from './audio-format-error';
import { contentDisposition, validateFileName } from './file-name';
import { importMp3, type CorruptFramePolicy } from './mp3-import';
import { writeWav } from './wav-file';

const uuid = { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' } as const;

function fileKey(projectId: string, name: string): string {
  return `projects/${projectId}/files/${name}`;
}

/**
 * Project files by name (`PUT/GET /api/projects/:id/files/:name`, `GET .../files`): the name is
 * the S3 key's last segment as UTF-8, so `项目 🎵.ptx` comes back byte-identical.
 */
export async function registerFileRoutes(
  app: FastifyInstance,
  deps: { s3: S3Client; bucket: string; access: ProjectAccess; tokens: TokenService; maxFileBytes?: number },
): Promise<void> {
  const { s3, bucket, access, tokens } = deps;
  await app.register(async (scope) => {
    // Raw bytes only inside this scope: the rest of the API stays JSON-only.
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: deps.maxFileBytes ?? 64 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    scope.put<{ Params: { id: string; name: string }; Body: Buffer }>(
      '/api/projects/:id/files/:name',
      { schema: { params: { type: 'object', required: ['id', 'name'], properties: { id: uuid, name: { type: 'string' } } } } },
      async (request, reply) => {
        const user = await authenticate(request, tokens);
        await access.check(request.params.id, user.userId);
        const name = validateFileName(request.params.name);
        if (!Buffer.isBuffer(request.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as application/octet-stream');
        await callDependency('s3', () =>
          s3.send(new PutObjectCommand({ Bucket: bucket, Key: fileKey(request.params.id, name), Body: request.body, ContentLength: request.body.length })),
        );
        return reply.code(201).send({ file: { name, size: request.body.length } });
      },
    );

    scope.get<{ Params: { id: string; name: string } }>(
      '/api/projects/:id/files/:name',
      { schema: { params: { type: 'object', required: ['id', 'name'], properties: { id: uuid, name: { type: 'string' } } } } },
      async (request, reply) => {
        const user = await authenticate(request, tokens);
        await access.check(request.params.id, user.userId);
        const name = validateFileName(request.params.name);
        const object = await callDependency('s3', () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: fileKey(request.params.id, name) }))).catch((error: unknown) => {
          if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) throw new AppError('NOT_FOUND', 'file not found');
          throw error;
        });
        const bytes = Buffer.from(await object.Body!.transformToByteArray());
        return reply.header('content-type', 'application/octet-stream').header('content-disposition', contentDisposition(name)).send(bytes);
      },
    );

    // MP3 import: decoded and stored as a 24-bit WAV beside the project's files. Damage is a 422
    // naming the bad frames until the user chooses to skip or repair them.
    scope.post<{ Params: { id: string }; Querystring: { name: string; onCorrupt?: 'skip' | 'repair' }; Body: Buffer }>(
      '/api/projects/:id/imports/mp3',
      {
        schema: {
          params: { type: 'object', required: ['id'], properties: { id: uuid } },
          querystring: {
            type: 'object',
            required: ['name'],
            additionalProperties: false,
            properties: { name: { type: 'string' }, onCorrupt: { type: 'string', enum: ['skip', 'repair'] }, token: { type: 'string' } },
          },
        },
      },
      async (request, reply) => {
        const user = await authenticate(request, tokens);
        await access.check(request.params.id, user.userId);
        const name = validateFileName(`${request.query.name.replace(/\.mp3$/i, '')}.wav`);
        if (!Buffer.isBuffer(request.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the MP3 as application/octet-stream');
        const policy: CorruptFramePolicy = request.query.onCorrupt ?? 'error';
        const imported = await importMp3(request.body, policy).catch((error: unknown) => {
          if (error instanceof AudioFormatError) throw new AppError('CORRUPT_AUDIO', error.message);
          throw error;
        });
        const wav = writeWav(imported.clip, '24');
        await callDependency('s3', () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: fileKey(request.params.id, name), Body: wav, ContentLength: wav.length })));
        return reply.code(201).send({
          file: { name, size: wav.length, sampleRate: imported.clip.sampleRate, channels: imported.clip.channels.length, frames: imported.clip.channels[0]!.length },
          badFrames: imported.badRegions.map((region) => ({ firstFrame: region.firstFrame, frameCount: region.frameCount, fromByte: region.fromByte, toByte: region.toByte })),
          policy,
        });
      },
    );

    scope.get<{ Params: { id: string } }>('/api/projects/:id/files', { schema: { params: { type: 'object', required: ['id'], properties: { id: uuid } } } }, async (request) => {
      const user = await authenticate(request, tokens);
      await access.check(request.params.id, user.userId);
      const prefix = fileKey(request.params.id, '');
      const listed = await callDependency('s3', () => s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix })));
      return { files: (listed.Contents ?? []).map((object) => ({ name: object.Key!.slice(prefix.length), size: object.Size ?? 0 })) };
    });
  });
}
