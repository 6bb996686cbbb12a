import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { AppError } from '../errors/app-error';
import { callDependency } from '../errors/dependency-call';
import type { Clock } from '../shared/clock';

export interface ConflictCandidate {
  userId: string | null;
  value: unknown;
}

export interface Conflict {
  id: string;
  projectId: string;
  /** `automation/<track>/<parameter>` style key of the shared document. */
  key: string;
  candidates: ConflictCandidate[];
  status: 'open' | 'resolved';
  resolution: { choice: number; value: unknown; userId: string } | null;
  createdAt: string;
  resolvedAt: string | null;
}

interface ConflictRow {
  id: string;
  project_id: string;
  key: string;
  candidates: ConflictCandidate[];
  status: 'open' | 'resolved';
  resolution: Conflict['resolution'];
  created_at: Date;
  resolved_at: Date | null;
}

function toConflict(row: ConflictRow): Conflict {
  return {
    id: row.id,
    projectId: row.project_id,
    key: row.key,
    candidates: row.candidates,
    status: row.status,
    resolution: row.resolution,
    createdAt: row.created_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  };
}

/** Conflicting concurrent edits the users must settle (automation): listed and resolved through the API. */
export class ConflictStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  async record(projectId: string, key: string, candidates: ConflictCandidate[]): Promise<Conflict> {
    const { rows } = await callDependency('postgres', () =>
      this.pool.query<ConflictRow>(`INSERT INTO collab_conflicts (id, project_id, key, candidates, status, created_at) VALUES ($1, $2, $3, $4, 'open', $5) RETURNING *`, [
        randomUUID(),
        projectId,
        key,
        JSON.stringify(candidates),
        new Date(this.clock.now()),
      ]),
    );
    return toConflict(rows[0]!);
  }

  async list(projectId: string, status?: 'open' | 'resolved'): Promise<Conflict[]> {
    const { rows } = await callDependency('postgres', () =>
      status
        ? this.pool.query<ConflictRow>('SELECT * FROM collab_conflicts WHERE project_id = $1 AND status = $2 ORDER BY created_at, id', [projectId, status])
        : this.pool.query<ConflictRow>('SELECT * FROM collab_conflicts WHERE project_id = $1 ORDER BY created_at, id', [projectId]),
    );
    return rows.map(toConflict);
  }

  /** Marks an open conflict resolved with one candidate; resolving twice is a 409. */
  async resolve(projectId: string, id: string, choice: number, userId: string): Promise<Conflict> {
    const { rows } = await callDependency('postgres', () => this.pool.query<ConflictRow>('SELECT * FROM collab_conflicts WHERE id = $1 AND project_id = $2', [id, projectId]));
    const row = rows[0];
    if (!row) throw new AppError('NOT_FOUND', 'conflict not found');
    if (row.status === 'resolved') throw new AppError('CONFLICT_RESOLVED', 'conflict is already resolved');
    const candidate = row.candidates[choice];
    if (!candidate) throw new AppError('VALIDATION_FAILED', `choice must be 0-${row.candidates.length - 1}`);
    const resolution = { choice, value: candidate.value, userId };
    const updated = await callDependency('postgres', () =>
      this.pool.query<ConflictRow>(`UPDATE collab_conflicts SET status = 'resolved', resolution = $2, resolved_at = $3 WHERE id = $1 AND status = 'open' RETURNING *`, [
        id,
        JSON.stringify(resolution),
        new Date(this.clock.now()),
      ]),
    );
    if (!updated.rows[0]) throw new AppError('CONFLICT_RESOLVED', 'conflict is already resolved');
    return toConflict(updated.rows[0]);
  }
}
