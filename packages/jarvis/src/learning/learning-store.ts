import * as fs from 'node:fs';
import Database from 'better-sqlite3';
import { HOUR_MS, type FailurePattern, type Insights, type LearningEvent, type RollupRow } from './learning-event';
import { mineFailurePatterns, type MiningOptions } from './pattern-miner';

export interface Optimization {
  endpoint: string;
  action: 'cache';
  appliedAt: number;
  beforeMs: number;
  detail: Record<string, unknown>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL, service TEXT NOT NULL,
  endpoint TEXT, latency_ms REAL, ok INTEGER NOT NULL, detail TEXT);
CREATE INDEX IF NOT EXISTS events_service_at ON events(service, at);
CREATE INDEX IF NOT EXISTS events_endpoint_at ON events(endpoint, at) WHERE endpoint IS NOT NULL;
CREATE TABLE IF NOT EXISTS hourly_rollup (
  hour INTEGER NOT NULL, service TEXT NOT NULL, endpoint TEXT NOT NULL, kind TEXT NOT NULL,
  events INTEGER NOT NULL, failures INTEGER NOT NULL, latency_sum REAL NOT NULL, latency_max REAL NOT NULL,
  PRIMARY KEY (hour, service, endpoint, kind)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS patterns (
  id TEXT PRIMARY KEY, service TEXT NOT NULL, hour_of_day INTEGER NOT NULL, support REAL NOT NULL,
  confidence REAL NOT NULL, body TEXT NOT NULL, learned_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS optimizations (
  endpoint TEXT PRIMARY KEY, action TEXT NOT NULL, applied_at INTEGER NOT NULL, before_ms REAL NOT NULL, detail TEXT NOT NULL);
`;

/**
 * JARVIS's memory: every event in SQLite (WAL), an hourly pre-aggregate kept in step inside the
 * same transaction, and what was learnt (patterns, applied optimizations) in tables of their own,
 * so a restart finds all of it again. Insights read the pre-aggregate, which is why they stay
 * fast over millions of events.
 */
export class LearningStore {
  readonly db: Database.Database;
  private readonly insertEvent: Database.Statement;
  private readonly upsertRollup: Database.Statement;

  constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.insertEvent = this.db.prepare('INSERT INTO events (at, kind, service, endpoint, latency_ms, ok, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.upsertRollup = this.db.prepare(
      `INSERT INTO hourly_rollup (hour, service, endpoint, kind, events, failures, latency_sum, latency_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (hour, service, endpoint, kind) DO UPDATE SET events = events + excluded.events, failures = failures + excluded.failures,
       latency_sum = latency_sum + excluded.latency_sum, latency_max = max(latency_max, excluded.latency_max)`,
    );
  }

  /** Stores events and their pre-aggregates in one transaction; returns how many were stored. */
  recordEvents(events: Iterable<LearningEvent>): number {
    return this.db.transaction((batch: Iterable<LearningEvent>) => {
      const rollup = new Map<string, RollupRow>();
      let stored = 0;
      for (const event of batch) {
        this.insertEvent.run(
          event.at,
          event.kind,
          event.service,
          event.endpoint ?? null,
          event.latencyMs ?? null,
          event.ok ? 1 : 0,
          event.detail ? JSON.stringify(event.detail) : null,
        );
        stored += 1;
        const hour = Math.floor(event.at / HOUR_MS);
        const endpoint = event.endpoint ?? '';
        const key = `${hour}\u0000${event.service}\u0000${endpoint}\u0000${event.kind}`;
        let row = rollup.get(key);
        if (!row) rollup.set(key, (row = { hour, service: event.service, endpoint, kind: event.kind, events: 0, failures: 0, latencySum: 0, latencyMax: 0 }));
        row.events += 1;
        row.failures += event.ok ? 0 : 1;
        row.latencySum += event.latencyMs ?? 0;
        row.latencyMax = Math.max(row.latencyMax, event.latencyMs ?? 0);
      }
      for (const row of rollup.values()) this.upsertRollup.run(row.hour, row.service, row.endpoint, row.kind, row.events, row.failures, row.latencySum, row.latencyMax);
      return stored;
    })(events);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }

  rollup(): IterableIterator<RollupRow> {
    return this.db
      .prepare('SELECT hour, service, endpoint, kind, events, failures, latency_sum AS latencySum, latency_max AS latencyMax FROM hourly_rollup')
      .iterate() as IterableIterator<RollupRow>;
  }

  /** Mines recurring failures and remembers them (replacing what an earlier run learnt). */
  learnPatterns(now: number, options?: MiningOptions): FailurePattern[] {
    const patterns = mineFailurePatterns(this.rollup(), options);
    const save = this.db.prepare('INSERT OR REPLACE INTO patterns (id, service, hour_of_day, support, confidence, body, learned_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const pattern of patterns) save.run(pattern.id, pattern.service, pattern.hourOfDay, pattern.support, pattern.confidence, JSON.stringify(pattern), now);
    })();
    return patterns;
  }

  patterns(): FailurePattern[] {
    return (this.db.prepare('SELECT body FROM patterns ORDER BY support * confidence DESC').all() as Array<{ body: string }>).map((row) => JSON.parse(row.body) as FailurePattern);
  }

  /** Mean and count of an endpoint's latency since `since` (raw events, index range scan). */
  endpointLatency(endpoint: string, since: number): { requests: number; avgMs: number; maxMs: number } {
    const row = this.db.prepare('SELECT count(*) AS n, avg(latency_ms) AS avg, max(latency_ms) AS max FROM events WHERE endpoint = ? AND at >= ?').get(endpoint, since) as {
      n: number;
      avg: number | null;
      max: number | null;
    };
    return { requests: row.n, avgMs: row.avg ?? 0, maxMs: row.max ?? 0 };
  }

  saveOptimization(optimization: Optimization): void {
    this.db
      .prepare('INSERT OR REPLACE INTO optimizations (endpoint, action, applied_at, before_ms, detail) VALUES (?, ?, ?, ?, ?)')
      .run(optimization.endpoint, optimization.action, optimization.appliedAt, optimization.beforeMs, JSON.stringify(optimization.detail));
  }

  optimizations(): Optimization[] {
    return (
      this.db.prepare('SELECT endpoint, action, applied_at AS appliedAt, before_ms AS beforeMs, detail FROM optimizations').all() as Array<
        Omit<Optimization, 'detail'> & { detail: string }
      >
    ).map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
  }

  insights(): Insights {
    const services = this.db.prepare('SELECT service, sum(events) AS events, sum(failures) AS failures FROM hourly_rollup GROUP BY service ORDER BY failures DESC').all() as Array<{
      service: string;
      events: number;
      failures: number;
    }>;
    const slowEndpoints = this.db
      .prepare(
        `SELECT endpoint, service, sum(latency_sum) / sum(events) AS avgLatencyMs, max(latency_max) AS maxLatencyMs, sum(events) AS requests
         FROM hourly_rollup WHERE endpoint <> '' GROUP BY endpoint, service ORDER BY avgLatencyMs DESC LIMIT 5`,
      )
      .all() as Insights['slowEndpoints'];
    const byHour = new Array<number>(24).fill(0);
    for (const row of this.db.prepare('SELECT hour % 24 AS h, sum(failures) AS f FROM hourly_rollup GROUP BY h').all() as Array<{ h: number; f: number }>) byHour[row.h] = row.f;
    return {
      totalEvents: services.reduce((sum, row) => sum + row.events, 0),
      services: services.map((row) => ({ ...row, failureRate: row.events > 0 ? row.failures / row.events : 0 })),
      slowEndpoints,
      failuresByHourOfDay: byHour,
      patterns: this.patterns(),
    };
  }

  /** Bytes on disk: the database plus its WAL. */
  sizeBytes(): number {
    return [this.path, `${this.path}-wal`, `${this.path}-shm`].reduce((sum, file) => sum + (fs.existsSync(file) ? fs.statSync(file).size : 0), 0);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
