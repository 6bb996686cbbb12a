import { randomUUID } from 'node:crypto';
import { DeleteObjectsCommand, paginateListObjectsV2, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Pool, PoolClient } from 'pg';
import { AppError, DependencyUnavailableError } from '../../errors/app-error';
import { callDependency } from '../../errors/dependency-call';
import type { Clock } from '../../shared/clock';
import type { CreateProjectInput, UpdateProjectInput } from './project-schemas';

export interface Project {
  id: string;
  ownerId: string;
  name: string;
  bpm: number;
  sampleRate: number;
  bitDepth: number;
  folder: string;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectFile {
  key: string;
  size: number;
  lastModified?: string;
}

export interface Beat {
  id: string;
  jobId: string;
  genre: string;
  bpm: number;
  s3Key: string;
  url: string;
  durationMs: number;
  createdAt: string;
}

interface ProjectRow {
  id: string;
  owner_id: string;
  name: string;
  bpm: number;
  sample_rate: number;
  bit_depth: number;
  created_at: Date;
  updated_at: Date;
}

/** Every project owns `projects/<id>/` in the bucket; the marker object makes the folder exist. */
export function projectFolder(projectId: string): string {
  return `projects/${projectId}/`;
}

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    bpm: row.bpm,
    sampleRate: row.sample_rate,
    bitDepth: row.bit_depth,
    folder: projectFolder(row.id),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** LIKE wildcards in user text are matched literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

const DEFAULT_BPM = 120;

/** Projects in Postgres plus their folder in S3, kept consistent with each other. */
export class ProjectStore {
  constructor(
    private readonly pool: Pool,
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly clock: Clock,
  ) {}

  /**
   * Row and folder are written together or not at all: insert inside a transaction, put the
   * folder marker, then commit. An S3 failure rolls the insert back; a commit failure removes
   * the folder again. The caller gets a DependencyUnavailableError naming what failed.
   */
  async create(ownerId: string, input: CreateProjectInput): Promise<Project> {
    const id = randomUUID();
    const now = new Date(this.clock.now());
    const client: PoolClient = await callDependency('postgres', () => this.pool.connect());
    let folderWritten = false;
    let broken = false;
    // A checked-out client has no pool listener: if the server goes away mid-transaction its
    // 'error' event would be unhandled and crash the process. The failing query reports it.
    const onClientError = (): void => {
      broken = true;
    };
    client.on('error', onClientError);
    try {
      await callDependency('postgres', () => client.query('BEGIN'));
      const { rows } = await callDependency('postgres', () =>
        client.query<ProjectRow>(
          `INSERT INTO projects (id, owner_id, name, bpm, sample_rate, bit_depth, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
          [id, ownerId, input.name, input.bpm ?? DEFAULT_BPM, input.sampleRate, input.bitDepth, now],
        ),
      );
      await callDependency('s3', () =>
        this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: projectFolder(id), Body: '', ContentLength: 0, ContentType: 'application/x-directory' })),
      );
      folderWritten = true;
      await callDependency('postgres', () => client.query('COMMIT'));
      return toProject(rows[0] as ProjectRow);
    } catch (error) {
      if (error instanceof DependencyUnavailableError && error.dependency === 'postgres') broken = true;
      const cleanupFailures: unknown[] = [];
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = true;
        cleanupFailures.push(rollbackError);
      });
      if (folderWritten) await this.deleteFolder(id).catch((cleanupError: unknown) => cleanupFailures.push(cleanupError));
      throw withCleanupFailures(error, cleanupFailures);
    } finally {
      client.off('error', onClientError);
      // A client whose server went away must not go back to the pool.
      client.release(broken ? true : undefined);
    }
  }

  async get(id: string): Promise<Project | undefined> {
    const { rows } = await callDependency('postgres', () => this.pool.query<ProjectRow>('SELECT * FROM projects WHERE id = $1', [id]));
    return rows[0] ? toProject(rows[0]) : undefined;
  }

  /** Loads a project the caller owns: 404 when absent, 403 when someone else's. */
  async getOwned(id: string, ownerId: string): Promise<Project> {
    const project = await this.get(id);
    if (!project) throw new AppError('NOT_FOUND', 'project not found');
    if (project.ownerId !== ownerId) throw new AppError('FORBIDDEN', 'project belongs to another user');
    return project;
  }

  async list(ownerId: string, search: string | undefined, limit: number): Promise<Project[]> {
    const { rows } = await callDependency('postgres', () =>
      search
        ? this.pool.query<ProjectRow>(`SELECT * FROM projects WHERE owner_id = $1 AND name ILIKE $2 ESCAPE '\\' ORDER BY created_at DESC, id LIMIT $3`, [
            ownerId,
            likePattern(search),
            limit,
          ])
        : this.pool.query<ProjectRow>('SELECT * FROM projects WHERE owner_id = $1 ORDER BY created_at DESC, id LIMIT $2', [ownerId, limit]),
    );
    return rows.map(toProject);
  }

  async update(id: string, ownerId: string, input: UpdateProjectInput): Promise<Project> {
    await this.getOwned(id, ownerId);
    const { rows } = await callDependency('postgres', () =>
      this.pool.query<ProjectRow>('UPDATE projects SET name = COALESCE($2, name), bpm = COALESCE($3, bpm), updated_at = $4 WHERE id = $1 RETURNING *', [
        id,
        input.name ?? null,
        input.bpm ?? null,
        new Date(this.clock.now()),
      ]),
    );
    return toProject(rows[0] as ProjectRow);
  }

  /** Deletes the objects first: a row without a folder is repairable, orphaned objects are not found again. */
  async delete(id: string, ownerId: string): Promise<void> {
    await this.getOwned(id, ownerId);
    await this.deleteFolder(id);
    await callDependency('postgres', () => this.pool.query('DELETE FROM projects WHERE id = $1', [id]));
  }

  async files(id: string): Promise<ProjectFile[]> {
    const files: ProjectFile[] = [];
    await callDependency('s3', async () => {
      for await (const page of paginateListObjectsV2({ client: this.s3 }, { Bucket: this.bucket, Prefix: projectFolder(id) })) {
        for (const object of page.Contents ?? []) {
          if (object.Key) files.push({ key: object.Key, size: object.Size ?? 0, lastModified: object.LastModified?.toISOString() });
        }
      }
    });
    return files;
  }

  async beats(projectId: string): Promise<Beat[]> {
    const { rows } = await callDependency('postgres', () =>
      this.pool.query<{ id: string; job_id: string; genre: string; bpm: number; s3_key: string; url: string; duration_ms: number; created_at: Date }>(
        'SELECT * FROM beats WHERE project_id = $1 ORDER BY created_at, id',
        [projectId],
      ),
    );
    return rows.map((row) => ({
      id: row.id,
      jobId: row.job_id,
      genre: row.genre,
      bpm: row.bpm,
      s3Key: row.s3_key,
      url: row.url,
      durationMs: row.duration_ms,
      createdAt: row.created_at.toISOString(),
    }));
  }

  private async deleteFolder(id: string): Promise<void> {
    const keys = (await this.files(id)).map((file) => ({ Key: file.key }));
    const marker = projectFolder(id);
    if (!keys.some((key) => key.Key === marker)) keys.push({ Key: marker });
    for (let start = 0; start < keys.length; start += 1000) {
      const result = await callDependency('s3', () => this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.slice(start, start + 1000) } })));
      // DeleteObjects answers 200 even when some keys were not deleted; those are listed in Errors.
      const kept = result.Errors ?? [];
      if (kept.length > 0) {
        const detail = kept.map((entry) => `${entry.Key ?? '?'} (${entry.Code ?? 'error'}: ${entry.Message ?? 'no message'})`).join(', ');
        throw new DependencyUnavailableError('s3', new Error(`S3 did not delete ${kept.length} object(s) of project ${id}: ${detail}`));
      }
    }
  }
}

/**
 * Keeps the request's error (its class decides the HTTP answer) and attaches what the clean-up
 * after it could not undo (a failed ROLLBACK, objects left in S3) as its `cause`, so the log
 * shows both instead of only the first.
 */
function withCleanupFailures(error: unknown, failures: readonly unknown[]): unknown {
  if (failures.length === 0 || !(error instanceof Error)) return error;
  const causes = error.cause === undefined ? [...failures] : [error.cause, ...failures];
  const summary = failures.map((failure) => (failure instanceof Error ? failure.message : String(failure))).join('; ');
  Object.defineProperty(error, 'cause', { value: new AggregateError(causes, `clean-up after this failure failed too: ${summary}`), configurable: true, writable: true });
  return error;
}
