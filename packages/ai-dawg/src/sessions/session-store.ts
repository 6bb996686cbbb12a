import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { AppError } from '../errors/app-error';
import { callDependency } from '../errors/dependency-call';
import type { Clock } from '../shared/clock';
import type { SessionDocument } from './session-templates';

export interface StoredSession extends SessionDocument {
  id: string;
  projectId: string;
  createdAt: string;
}

/** Sessions as one JSON document per row: a template's whole layout is written in one statement. */
export class SessionStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  async create(projectId: string, doc: SessionDocument): Promise<StoredSession> {
    const id = randomUUID();
    const createdAt = new Date(this.clock.now());
    await callDependency('postgres', () =>
      this.pool.query('INSERT INTO daw_sessions (id, project_id, template, doc, created_at) VALUES ($1, $2, $3, $4, $5)', [
        id,
        projectId,
        doc.template,
        JSON.stringify(doc),
        createdAt,
      ]),
    );
    return { ...doc, id, projectId, createdAt: createdAt.toISOString() };
  }

  async get(projectId: string, id: string): Promise<StoredSession> {
    const { rows } = await callDependency('postgres', () =>
      this.pool.query<{ id: string; project_id: string; doc: SessionDocument; created_at: Date }>('SELECT * FROM daw_sessions WHERE id = $1 AND project_id = $2', [id, projectId]),
    );
    const row = rows[0];
    if (!row) throw new AppError('NOT_FOUND', 'session not found');
    return { ...row.doc, id: row.id, projectId: row.project_id, createdAt: row.created_at.toISOString() };
  }
}
