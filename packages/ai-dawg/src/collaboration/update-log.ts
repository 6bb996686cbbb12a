import type { Pool } from 'pg';
import { callDependency } from '../errors/dependency-call';
import type { Clock } from '../shared/clock';

/**
 * The persisted Yjs update log of each project: every accepted update is appended before it is
 * broadcast, and a document is rebuilt by replaying the log in order. Compaction replaces a
 * prefix with one merged update (same state, fewer rows).
 */
export class UpdateLog {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  async append(projectId: string, update: Uint8Array, userId: string | null): Promise<void> {
    await callDependency('postgres', () =>
      this.pool.query('INSERT INTO collab_updates (project_id, update, user_id, created_at) VALUES ($1, $2, $3, $4)', [
        projectId,
        Buffer.from(update),
        userId,
        new Date(this.clock.now()),
      ]),
    );
  }

  async load(projectId: string): Promise<{ updates: Uint8Array[]; lastSeq: number }> {
    const { rows } = await callDependency('postgres', () =>
      this.pool.query<{ seq: string; update: Buffer }>('SELECT seq, update FROM collab_updates WHERE project_id = $1 ORDER BY seq', [projectId]),
    );
    return { updates: rows.map((row) => new Uint8Array(row.update)), lastSeq: rows.length ? Number(rows[rows.length - 1]!.seq) : 0 };
  }

  async count(projectId: string): Promise<number> {
    const { rows } = await callDependency('postgres', () => this.pool.query<{ n: string }>('SELECT count(*) AS n FROM collab_updates WHERE project_id = $1', [projectId]));
    return Number(rows[0]!.n);
  }

  /** Replaces rows up to `throughSeq` by `merged` in one transaction. */
  async compact(projectId: string, throughSeq: number, merged: Uint8Array): Promise<void> {
    const client = await callDependency('postgres', () => this.pool.connect());
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM collab_updates WHERE project_id = $1 AND seq <= $2', [projectId, throughSeq]);
      await client.query('INSERT INTO collab_updates (seq, project_id, update, user_id, created_at) VALUES ($1, $2, $3, NULL, $4)', [
        throughSeq,
        projectId,
        Buffer.from(merged),
        new Date(this.clock.now()),
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async lastSeq(projectId: string): Promise<number> {
    const { rows } = await callDependency('postgres', () =>
      this.pool.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM collab_updates WHERE project_id = $1', [projectId]),
    );
    return Number(rows[0]!.seq ?? 0);
  }
}
