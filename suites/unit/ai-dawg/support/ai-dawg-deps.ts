import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as PgModule from '../../../../packages/ai-dawg/node_modules/@types/pg';
import type WebSocketClass from '../../../../packages/ai-dawg/node_modules/@types/ws';

/**
 * The unit suite's package.json lists JARVIS and the harness, not the AI DAWG: these tests reach
 * the AI DAWG's sources by path, and pg / ws / the S3 SDK through the AI DAWG package's own
 * dependencies (the exact versions the system under test runs with).
 */
const aiDawgRequire = createRequire(path.join(__dirname, '../../../../packages/ai-dawg/package.json'));

export const pg = aiDawgRequire('pg') as typeof PgModule;
export type Pool = PgModule.Pool;
export const WebSocket = aiDawgRequire('ws') as typeof WebSocketClass;
export type WebSocket = WebSocketClass;
export const s3 = aiDawgRequire('@aws-sdk/client-s3') as typeof import('../../../../packages/ai-dawg/node_modules/@aws-sdk/client-s3');
export type { FastifyInstance } from '../../../../packages/ai-dawg/node_modules/fastify';
