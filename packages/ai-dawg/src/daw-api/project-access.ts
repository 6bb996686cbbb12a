import type { Pool } from 'pg';
import { AppError } from '../errors/app-error';
import { callDependency } from '../errors/dependency-call';
import type { Clock } from '../shared/clock';

/** Who may open a project's studio features: its owner and the collaborators the owner added. */
export class ProjectAccess {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  /** 404 when the project does not exist, 403 when the user is neither owner nor member. */
  async check(projectId: string, userId: string): Promise<{ role: 'owner' | 'member' }> {
    if (!/^[0-9a-f-]{36}$/i.test(projectId)) throw new AppError('NOT_FOUND', 'project not found');
    const { rows } = await callDependency('postgres', () =>
      this.pool.query<{ owner_id: string; member: boolean }>(
        'SELECT p.owner_id, EXISTS (SELECT 1 FROM daw_project_members m WHERE m.project_id = p.id AND m.user_id = $2) AS member FROM projects p WHERE p.id = $1',
        [projectId, userId],
      ),
    );
    const row = rows[0];
    if (!row) throw new AppError('NOT_FOUND', 'project not found');
    if (row.owner_id === userId) return { role: 'owner' };
    if (row.member) return { role: 'member' };
    throw new AppError('FORBIDDEN', 'project belongs to another user');
  }

  async addMember(projectId: string, ownerId: string, userId: string): Promise<void> {
    const access = await this.check(projectId, ownerId);
    if (access.role !== 'owner') throw new AppError('FORBIDDEN', 'only the owner adds collaborators');
    const { rowCount } = await callDependency('postgres', () =>
      this.pool.query('INSERT INTO daw_project_members (project_id, user_id, added_at) SELECT $1, id, $3 FROM users WHERE id = $2 ON CONFLICT DO NOTHING', [
        projectId,
        userId,
        new Date(this.clock.now()),
      ]),
    );
    if (rowCount === 0) {
      const { rows } = await this.pool.query('SELECT 1 FROM users WHERE id = $1', [userId]);
      if (rows.length === 0) throw new AppError('NOT_FOUND', 'user not found');
    }
  }
}
