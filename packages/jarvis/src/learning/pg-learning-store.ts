import type { Pool } from 'pg';
import { HOUR_MS, type FailurePattern, type Insights, type LearningEvent, type RollupRow } from './learning-event';
import { mineFailurePatterns, type MiningOptions } from './pattern-miner';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS learning_events (
  id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, kind TEXT NOT NULL, service TEXT NOT NULL,
  endpoint TEXT, latency_ms DOUBLE PRECISION, ok BOOLEAN NOT NULL, detail JSONB);
CREATE INDEX IF NOT EXISTS learning_events_service_at ON learning_events(service, at);
CREATE INDEX IF NOT EXISTS learning_events_endpoint_at ON learning_events(endpoint, at) WHERE endpoint IS NOT NULL;
CREATE TABLE IF NOT EXISTS learning_hourly_rollup (
  hour BIGINT NOT NULL, service TEXT NOT NULL, endpoint TEXT NOT NULL, kind TEXT NOT NULL,
  events BIGINT NOT NULL, failures BIGINT NOT NULL, latency_sum DOUBLE PRECISION NOT NULL, latency_max DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (hour, service, endpoint, kind));
CREATE TABLE IF NOT EXISTS learning_patterns (
  id TEXT PRIMARY KEY, service TEXT NOT NULL, hour_of_day INTEGER NOT NULL, support DOUBLE PRECISION NOT NULL,
  confidence DOUBLE PRECISION NOT NULL, body JSONB NOT NULL, learned_at BIGINT NOT NULL);
`;

/**
 * The learning store on Postgres (the cloud setup): same tables, same pre-aggregate, same
 * pattern mining as the SQLite store. The pool belongs to the caller.
 */
export class PgLearningStore {
  constructor(private readonly pool: Pool) {}

  async init(): Promise<void> {
    await this.pool.query(SCHEMA);
  }

  /** Inserts a batch (unnest, one statement) and folds it into the rollup, in one transaction. */
  async recordEvents(events: LearningEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO learning_events (at, kind, service, endpoint, latency_ms, ok, detail)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::bool[], $7::jsonb[])`,
        [
          events.map((e) => e.at),
          events.map((e) => e.kind),
          events.map((e) => e.service),
          events.map((e) => e.endpoint ?? null),
          events.map((e) => e.latencyMs ?? null),
          events.map((e) => e.ok),
          events.map((e) => (e.detail ? JSON.stringify(e.detail) : null)),
        ],
      );
      await client.query(
        `INSERT INTO learning_hourly_rollup (hour, service, endpoint, kind, events, failures, latency_sum, latency_max)
         SELECT floor(at / ${HOUR_MS})::bigint, service, coalesce(endpoint, ''), kind, count(*), count(*) FILTER (WHERE NOT ok), coalesce(sum(latency_ms), 0), coalesce(max(latency_ms), 0)
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::bool[]) AS t(at, kind, service, endpoint, latency_ms, ok)
         GROUP BY 1, 2, 3, 4
         ON CONFLICT (hour, service, endpoint, kind) DO UPDATE SET events = learning_hourly_rollup.events + excluded.events,
           failures = learning_hourly_rollup.failures + excluded.failures, latency_sum = learning_hourly_rollup.latency_sum + excluded.latency_sum,
           latency_max = greatest(learning_hourly_rollup.latency_max, excluded.latency_max)`,
        [
          events.map((e) => e.at),
          events.map((e) => e.kind),
          events.map((e) => e.service),
          events.map((e) => e.endpoint ?? null),
          events.map((e) => e.latencyMs ?? null),
          events.map((e) => e.ok),
        ],
      );
      await client.query('COMMIT');
      return events.length;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async count(): Promise<number> {
    const result = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM learning_events');
    return Number(result.rows[0]!.n);
  }

  async rollup(): Promise<RollupRow[]> {
    const result = await this.pool.query<{
      hour: string;
      service: string;
      endpoint: string;
      kind: string;
      events: string;
      failures: string;
      latency_sum: number;
      latency_max: number;
    }>('SELECT * FROM learning_hourly_rollup');
    return result.rows.map((row) => ({
      hour: Number(row.hour),
      service: row.service,
      endpoint: row.endpoint,
      kind: row.kind,
      events: Number(row.events),
      failures: Number(row.failures),
      latencySum: row.latency_sum,
      latencyMax: row.latency_max,
    }));
  }

  async learnPatterns(now: number, options?: MiningOptions): Promise<FailurePattern[]> {
    const patterns = mineFailurePatterns(await this.rollup(), options);
    for (const pattern of patterns) await this.savePattern(pattern, now);
    return patterns;
  }

  async savePattern(pattern: FailurePattern, learnedAt: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO learning_patterns (id, service, hour_of_day, support, confidence, body, learned_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET support = excluded.support, confidence = excluded.confidence, body = excluded.body, learned_at = excluded.learned_at`,
      [pattern.id, pattern.service, pattern.hourOfDay, pattern.support, pattern.confidence, JSON.stringify(pattern), learnedAt],
    );
  }

  async patterns(): Promise<FailurePattern[]> {
    const result = await this.pool.query<{ body: FailurePattern }>('SELECT body FROM learning_patterns ORDER BY support * confidence DESC');
    return result.rows.map((row) => row.body);
  }

  async insights(): Promise<Insights> {
    const services = await this.pool.query<{ service: string; events: string; failures: string }>(
      'SELECT service, sum(events) AS events, sum(failures) AS failures FROM learning_hourly_rollup GROUP BY service ORDER BY sum(failures) DESC',
    );
    const slow = await this.pool.query<{ endpoint: string; service: string; avg: number; max: number; requests: string }>(
      `SELECT endpoint, service, sum(latency_sum) / sum(events) AS avg, max(latency_max) AS max, sum(events) AS requests
       FROM learning_hourly_rollup WHERE endpoint <> '' GROUP BY endpoint, service ORDER BY avg DESC LIMIT 5`,
    );
    const hours = await this.pool.query<{ h: string; f: string }>('SELECT hour % 24 AS h, sum(failures) AS f FROM learning_hourly_rollup GROUP BY 1');
    const byHour = new Array<number>(24).fill(0);
    for (const row of hours.rows) byHour[Number(row.h)] = Number(row.f);
    const rows = services.rows.map((row) => ({ service: row.service, events: Number(row.events), failures: Number(row.failures) }));
    return {
      totalEvents: rows.reduce((sum, row) => sum + row.events, 0),
      services: rows.map((row) => ({ ...row, failureRate: row.events > 0 ? row.failures / row.events : 0 })),
      slowEndpoints: slow.rows.map((row) => ({
        endpoint: row.endpoint,
        service: row.service,
        avgLatencyMs: Number(row.avg),
        maxLatencyMs: Number(row.max),
        requests: Number(row.requests),
      })),
      failuresByHourOfDay: byHour,
      patterns: await this.patterns(),
    };
  }
}
