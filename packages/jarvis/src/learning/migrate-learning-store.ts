import Database from 'better-sqlite3';
import type { Pool } from 'pg';
import type { FailurePattern, LearningEvent } from './learning-event';
import { PgLearningStore } from './pg-learning-store';

export interface MigrationResult {
  events: number;
  patterns: number;
  batches: number;
}

interface EventRow {
  at: number;
  kind: string;
  service: string;
  endpoint: string | null;
  latency_ms: number | null;
  ok: number;
  detail: string | null;
}

/**
 * Copies a SQLite learning store into Postgres (schema created if missing): events in id order
 * in batches (the rollup is rebuilt from them on the Postgres side), then the learnt patterns.
 * The SQLite file is opened read-only and left untouched.
 */
export async function migrateLearningStore(sqlitePath: string, pgPool: Pool, options: { batchSize?: number } = {}): Promise<MigrationResult> {
  const batchSize = options.batchSize ?? 5_000;
  const source = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  const target = new PgLearningStore(pgPool);
  try {
    await target.init();
    const select = source.prepare('SELECT id, at, kind, service, endpoint, latency_ms, ok, detail FROM events WHERE id > ? ORDER BY id LIMIT ?');
    let lastId = 0;
    let events = 0;
    let batches = 0;
    for (;;) {
      const rows = select.all(lastId, batchSize) as Array<EventRow & { id: number }>;
      if (rows.length === 0) break;
      lastId = rows.at(-1)!.id;
      const batch: LearningEvent[] = rows.map((row) => ({
        at: row.at,
        kind: row.kind,
        service: row.service,
        ...(row.endpoint !== null ? { endpoint: row.endpoint } : {}),
        ...(row.latency_ms !== null ? { latencyMs: row.latency_ms } : {}),
        ok: row.ok === 1,
        ...(row.detail !== null ? { detail: JSON.parse(row.detail) as Record<string, unknown> } : {}),
      }));
      events += await target.recordEvents(batch);
      batches += 1;
    }
    const patterns = source.prepare('SELECT body, learned_at FROM patterns').all() as Array<{ body: string; learned_at: number }>;
    for (const row of patterns) await target.savePattern(JSON.parse(row.body) as FailurePattern, row.learned_at);
    return { events, patterns: patterns.length, batches };
  } finally {
    source.close();
  }
}
