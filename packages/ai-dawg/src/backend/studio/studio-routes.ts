import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { escapeHtml } from '../../shared/html-escape';
import { projectIdParams } from '../projects/project-schemas';

const PUBLIC_DIRECTORY = path.join(__dirname, 'public');

interface StudioQuery {
  token?: string;
  coach?: string;
  source?: 'demo' | 'mic';
  notes?: string;
  noteSeconds?: number;
}

/** JSON that is safe inside a <script> element: no `<` can close it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * `GET /studio/:projectId?coach=ws://...&token=...&source=demo|mic`: the static studio page. The
 * vocal-coach URL comes from the query or the backend's configuration.
 */
export function registerStudioRoutes(app: FastifyInstance, deps: { vocalCoachUrl?: string }): void {
  const template = fs.readFileSync(path.join(PUBLIC_DIRECTORY, 'studio.html'), 'utf8');
  const script = fs.readFileSync(path.join(PUBLIC_DIRECTORY, 'studio.js'), 'utf8');

  app.get('/studio-assets/studio.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(script));

  app.get<{ Params: { projectId: string }; Querystring: StudioQuery }>(
    '/studio/:projectId',
    {
      schema: {
        params: { type: 'object', required: ['projectId'], properties: { projectId: projectIdParams.properties.id } },
        querystring: {
          type: 'object',
          properties: {
            token: { type: 'string', maxLength: 4096 },
            coach: { type: 'string', maxLength: 2048, pattern: '^wss?://' },
            source: { type: 'string', enum: ['demo', 'mic'] },
            notes: { type: 'string', pattern: '^[0-9.]+(,[0-9.]+)*$', maxLength: 200 },
            noteSeconds: { type: 'number', minimum: 0.2, maximum: 10 },
          },
        },
      },
    },
    async (request, reply) => {
      const { projectId } = request.params;
      const query = request.query;
      const config = {
        projectId,
        token: query.token,
        coachUrl: query.coach ?? deps.vocalCoachUrl,
        source: query.source ?? 'mic',
        notes: (query.notes ?? '220,246.94,261.63,293.66').split(',').map(Number),
        noteSeconds: query.noteSeconds ?? 1,
      };
      const html = template.replace('{{PROJECT_ID}}', escapeHtml(projectId)).replace('{{CONFIG_JSON}}', scriptJson(config));
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'self'; connect-src 'self' ws: wss:; script-src 'self'; style-src 'unsafe-inline'")
        .send(html);
    },
  );
}
