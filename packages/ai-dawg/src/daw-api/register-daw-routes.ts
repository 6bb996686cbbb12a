import * as path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { readMigrations, runMigrations } from '../backend/db/migration-runner';
import type { TokenService } from '../backend/users/token-service';
import { CollabHub } from '../collaboration/collab-hub';
import { registerCollabRoutes } from '../collaboration/collab-routes';
import { registerFileRoutes } from '../formats/file-routes';
import { registerSessionRoutes } from '../sessions/session-routes';
import { SessionStore } from '../sessions/session-store';
import type { Clock } from '../shared/clock';
import { ProjectAccess } from './project-access';

/** The studio's tables (sessions, collaborators, update log, conflicts), migrated after the core ones. */
export const DAW_MIGRATIONS_DIRECTORY = path.join(__dirname, 'migrations');

export async function runDawMigrations(pool: Pool): Promise<string[]> {
  return runMigrations(pool, readMigrations(DAW_MIGRATIONS_DIRECTORY));
}

export interface DawRouteDeps {
  pool: Pool;
  s3: S3Client;
  bucket: string;
  tokens: TokenService;
  clock: Clock;
  collabCompactEveryMs?: number;
}

/** Sessions, project files, collaboration: the DAW features behind the backend API. */
export async function registerDawRoutes(app: FastifyInstance, deps: DawRouteDeps): Promise<CollabHub> {
  const access = new ProjectAccess(deps.pool, deps.clock);
  const hub = new CollabHub(deps.pool, deps.clock, { compactEveryMs: deps.collabCompactEveryMs });
  registerSessionRoutes(app, { sessions: new SessionStore(deps.pool, deps.clock), access, tokens: deps.tokens });
  registerCollabRoutes(app, { hub, access, tokens: deps.tokens });
  await registerFileRoutes(app, { s3: deps.s3, bucket: deps.bucket, access, tokens: deps.tokens });
  app.addHook('onClose', () => hub.close());
  return hub;
}
