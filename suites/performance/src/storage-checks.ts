import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createS3Client } from '@orch/harness';
import type { Client } from 'pg';

/** Project ids whose row is in Postgres, of those given. */
export async function projectsInPostgres(sql: Client, ids: string[]): Promise<Set<string>> {
  const { rows } = await sql.query<{ id: string }>('SELECT id FROM projects WHERE id = ANY($1::uuid[])', [ids]);
  return new Set(rows.map((row) => row.id));
}

/** Project ids whose folder marker `projects/<id>/` is in the bucket. */
export async function projectFoldersInS3(bucket: string): Promise<Set<string>> {
  const client = createS3Client();
  const ids = new Set<string>();
  try {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'projects/', ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const match = /^projects\/([0-9a-f-]{36})\/$/.exec(object.Key ?? '');
        if (match) ids.add(match[1]!);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } finally {
    client.destroy();
  }
  return ids;
}

export interface PoolSampler {
  stop(): Promise<{ maxActive: number; maxConnections: number; samples: number }>;
}

/**
 * Samples the target database's connections (pg_stat_activity) while a load runs: the backend's
 * own (application_name `ai-dawg backend`), since the producer writes to the same database with
 * a pool of its own.
 */
export function samplePoolUse(sql: Client, database: string, intervalMs = 100, applicationName = 'ai-dawg backend'): PoolSampler {
  let maxActive = 0;
  let maxConnections = 0;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await sql.query<{ active: number; total: number }>(
        `SELECT count(*) FILTER (WHERE state NOT IN ('idle')) ::int AS active, count(*)::int AS total
           FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND pid <> pg_backend_pid()`,
        [database, applicationName],
      );
      samples += 1;
      maxActive = Math.max(maxActive, rows[0]!.active);
      maxConnections = Math.max(maxConnections, rows[0]!.total);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { maxActive, maxConnections, samples };
    },
  };
}

export async function deadlockCount(sql: Client, database: string): Promise<number> {
  await sql.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await sql.query<{ deadlocks: string }>('SELECT deadlocks FROM pg_stat_database WHERE datname = $1', [database]);
  return Number(rows[0]?.deadlocks ?? 0);
}

/** The Postgres error code a statement fails with (undefined when it succeeds), inside a rolled-back transaction. */
export async function sqlErrorCode(sql: Client, statement: string, parameters: unknown[]): Promise<string | undefined> {
  await sql.query('BEGIN');
  try {
    await sql.query(statement, parameters);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  } finally {
    await sql.query('ROLLBACK');
  }
}
