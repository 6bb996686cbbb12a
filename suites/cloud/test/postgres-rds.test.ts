import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Client, Pool } from 'pg';
import { createTestDatabase, expectMetric, recordMetric, uniqueName, waitUntil, type TestDatabase } from '@orch/harness';
import { LearningStore, migrateLearningStore, type LearningEvent } from '@orch/jarvis';
import { PostgresReplicaPair } from '../src/data/postgres-replica-pair';
import { TcpEndpoint } from '../src/data/tcp-endpoint';

/** 10,000 learning events of a week of JARVIS: checks, requests and failures across services. */
function learningEvents(count: number): LearningEvent[] {
  const services = ['ai-dawg-backend', 'ai-dawg-producer', 'ai-dawg-vocal-coach', 'ai-dawg-brain'];
  return Array.from({ length: count }, (_, index) => ({
    at: Date.UTC(2026, 10, 1) + index * 60_000,
    kind: index % 7 === 0 ? 'failure' : index % 2 === 0 ? 'request' : 'health-check',
    service: services[index % services.length],
    ...(index % 3 === 0 ? { endpoint: `/api/projects/${index % 17}` } : {}),
    ...(index % 5 !== 0 ? { latencyMs: (index * 37) % 250 } : {}),
    ok: index % 7 !== 0,
    ...(index % 11 === 0 ? { detail: { status: 503, attempt: index % 4 } } : {}),
  }));
}

type Row = {
  at: number | string;
  kind: string;
  service: string;
  endpoint: string | null;
  latency_ms: number | null;
  ok: number | boolean;
  detail: string | Record<string, unknown> | null;
};

/** One canonical line per event, so the same data hashes the same from SQLite and Postgres. */
function checksum(rows: Row[]): string {
  const hash = createHash('sha256');
  for (const row of rows) {
    const detail = row.detail === null ? null : typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail;
    hash.update(
      JSON.stringify([Number(row.at), row.kind, row.service, row.endpoint, row.latency_ms, Boolean(row.ok), detail && Object.fromEntries(Object.entries(detail).sort())]) + '\n',
    );
  }
  return hash.digest('hex');
}

describe('PostgreSQL (RDS role): connect time, pool of 20, SQLite migration, Multi-AZ-style failover', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'cloud_rds' });
  });
  afterAll(() => database?.drop());

  test('[CLOUD-17] a new connection from the application answers its first query in < 3 s', async () => {
    const samples: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const started = performance.now();
      const client = new Client({ connectionString: database.url, connectionTimeoutMillis: 3_000 });
      await client.connect();
      await client.query('SELECT 1');
      samples.push((performance.now() - started) / 1000);
      await client.end();
    }
    expectMetric({
      name: 'cloud.rds.connect_s',
      unit: 's',
      threshold: 'value<3',
      value: Math.max(...samples),
      target: 'Connect from ECS/Cloud Run (< 3 sec)',
      details: { statistic: 'slowest of 10 fresh connections (connect + SELECT 1)', samples },
    });
  });

  test('[CLOUD-19] the application pool holds at most 20 connections, all 20 used under load (counted in pg_stat_activity)', async () => {
    const applicationName = uniqueName('jarvis_pool');
    const pool = new Pool({ connectionString: database.url, max: 20, application_name: applicationName });
    const observer = new Client({ connectionString: database.url });
    await observer.connect();
    const seen: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await observer.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
        seen.push(rows[0].n);
      }
    })();
    try {
      await Promise.all(Array.from({ length: 60 }, () => pool.query('SELECT pg_sleep(0.1)')));
    } finally {
      sampling = false;
      await sampler;
      await pool.end();
      await observer.end();
    }
    expect(Math.max(...seen)).toBe(20);
    expectMetric({
      name: 'cloud.rds.pool_connections',
      unit: 'connections',
      threshold: 'max<=20',
      samples: seen,
      target: 'Connection pool: 20 connections',
      details: { queries: 60, samples: seen.length },
    });
  }, 30_000);

  test('[CLOUD-18] the JARVIS learning store migrates from SQLite to Postgres: 10,000 events, counts and checksums equal', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-cloud-sqlite-'));
    const pool = new Pool({ connectionString: database.url, max: 4 });
    try {
      const sqlitePath = path.join(directory, 'learning.db');
      const store = new LearningStore(sqlitePath);
      expect(store.recordEvents(learningEvents(10_000))).toBe(10_000);
      store.db.close();
      const result = await migrateLearningStore(sqlitePath, pool);
      const source = new Database(sqlitePath, { readonly: true });
      const sourceRows = source.prepare('SELECT at, kind, service, endpoint, latency_ms, ok, detail FROM events ORDER BY id').all() as Row[];
      source.close();
      const { rows: targetRows } = await pool.query<Row>('SELECT at, kind, service, endpoint, latency_ms, ok, detail FROM learning_events ORDER BY id');
      const { rows: counted } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM learning_events');
      expect(result.events).toBe(10_000);
      expect(checksum(targetRows)).toBe(checksum(sourceRows));
      expectMetric({
        name: 'cloud.rds.migrated_events',
        unit: 'events',
        threshold: 'count==10000',
        value: counted[0].n,
        target: 'Migrate from local SQLite (10,000 events)',
        details: { sqliteEvents: sourceRows.length, sha256: checksum(targetRows), batches: result.batches, migratedBy: '@orch/jarvis migrateLearningStore' },
      });
    } finally {
      await pool.end();
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }, 60_000);

  test('[CLOUD-20] the primary is killed, the synchronous replica is promoted, the app reconnects and loses no acknowledged write, in < 2 min', async () => {
    const pair = new PostgresReplicaPair();
    const endpoint = new TcpEndpoint(0);
    let pool: Pool | undefined;
    try {
      await pair.start();
      endpoint.retarget(pair.primary.port);
      await endpoint.listen();
      pool = new Pool({ connectionString: `postgres://postgres@127.0.0.1:${endpoint.port}/postgres`, max: 2, connectionTimeoutMillis: 1_000 });
      pool.on('error', () => undefined);
      await pool.query('CREATE TABLE acknowledged (id integer PRIMARY KEY)');
      const acknowledged: number[] = [];
      let next = 1;
      let writing = true;
      let firstWriteAfterFailover = 0;
      let killedAt = 0;
      let movedAt = 0;
      const writer = (async () => {
        while (writing) {
          const startedAt = performance.now();
          try {
            await pool!.query('INSERT INTO acknowledged (id) VALUES ($1) ON CONFLICT DO NOTHING', [next]);
            acknowledged.push(next);
            // Backends of a killed postmaster may still finish a write or two: only a write sent after the endpoint moved proves the new primary serves.
            if (movedAt && startedAt >= movedAt && !firstWriteAfterFailover) firstWriteAfterFailover = performance.now();
            next += 1;
          } catch {
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
      })();
      await waitUntil(async () => acknowledged.length >= 50, { timeoutMs: 10_000, what: '50 writes before the failure' });
      killedAt = performance.now();
      pair.killPrimary();
      // The failover controller: the primary stops answering, the replica is promoted, the endpoint moves.
      await waitUntil(
        async () =>
          !(await new Client({ connectionString: pair.primary.url, connectionTimeoutMillis: 500 }).connect().then(
            () => true,
            () => false,
          )),
        { timeoutMs: 10_000, intervalMs: 100, what: 'primary down' },
      );
      await pair.promoteStandby();
      endpoint.retarget(pair.standby.port);
      movedAt = performance.now();
      await waitUntil(async () => firstWriteAfterFailover > 0 && acknowledged.length >= 100, { timeoutMs: 60_000, what: 'writes on the promoted replica' });
      writing = false;
      await writer;
      const { rows } = await pool.query<{ id: number }>('SELECT id FROM acknowledged');
      const stored = new Set(rows.map((row) => row.id));
      const lost = acknowledged.filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
      const seconds = (firstWriteAfterFailover - killedAt) / 1000;
      expectMetric({
        name: 'cloud.rds.failover_s',
        unit: 's',
        threshold: 'value<120',
        value: seconds,
        target: 'Multi-AZ failover: <2 minutes',
        details: { acknowledgedWrites: acknowledged.length, lost: lost.length, replication: 'synchronous streaming (pg_basebackup -R)' },
      });
      recordMetric({ name: 'cloud.rds.failover_lost_acknowledged_writes', unit: 'count', threshold: 'count==0', value: lost.length });
    } finally {
      await pool?.end().catch(() => undefined);
      await endpoint.close().catch(() => undefined);
      await pair.stop();
    }
  }, 90_000);
});
