import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Pool } from 'pg';
import { createTestDatabase, expectMetric, recordMetric, SimulatedClock, type TestDatabase } from '@orch/harness';
import { CachingProxy, ControlLoop, EndpointOptimizer, LearningStore, migrateLearningStore, PgLearningStore, type LearningEvent } from '@orch/jarvis';
import { safetyRig } from './support/safety-rig';
import { makeTempDir } from './support/temp-dir';

const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 9, 1);
const SERVICES = ['api', 'payments', 'producer', 'vocal-coach', 'brain'];

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** 14 days of hourly health checks of 5 services; payments fails at 03:00-03:10 every day, plus scattered noise failures. */
function fourteenDays(): LearningEvent[] {
  const next = random(7);
  const events: LearningEvent[] = [];
  for (let day = 0; day < 14; day += 1) {
    for (let hour = 0; hour < 24; hour += 1) {
      for (const service of SERVICES) {
        const at = START + day * DAY_MS + hour * 3_600_000 + Math.floor(next() * 3_000_000);
        events.push({ at, kind: 'health', service, endpoint: '/health', latencyMs: 5 + next() * 20, ok: true });
        if (next() < 0.02) events.push({ at: at + 1_000, kind: 'failure', service, ok: false, detail: { reason: 'noise' } });
      }
    }
    for (let k = 0; k < 3; k += 1)
      events.push({ at: START + day * DAY_MS + 3 * 3_600_000 + k * 200_000, kind: 'failure', service: 'payments', ok: false, detail: { reason: 'nightly batch lock' } });
  }
  return events;
}

describe('learning store', () => {
  const temp = makeTempDir('learning');
  let dbPath: string;
  let store: LearningStore;

  beforeAll(() => {
    dbPath = path.join(temp.path, 'learning.db');
    store = new LearningStore(dbPath);
  });
  afterAll(() => {
    store.close();
    temp.remove();
  });

  test('[AUTO-17] 1000 generated events are all stored in SQLite (WAL)', () => {
    const next = random(1);
    const kinds = ['health', 'request', 'restart', 'deploy', 'failure'];
    const events: LearningEvent[] = Array.from({ length: 1000 }, (_, i) => ({
      at: START - DAY_MS + i * 60_000,
      kind: kinds[i % kinds.length]!,
      service: SERVICES[i % SERVICES.length]!,
      endpoint: `/api/e${i % 9}`,
      latencyMs: next() * 100,
      ok: i % 13 !== 0,
      detail: { i },
    }));
    expect(store.recordEvents(events)).toBe(1000);
    const stored = store.db.prepare("SELECT count(*) AS n, count(DISTINCT json_extract(detail, '$.i')) AS distinctIds FROM events").get() as { n: number; distinctIds: number };
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expectMetric({
      name: 'events stored in SQLite',
      unit: 'events',
      threshold: 'count==1000',
      value: stored.n,
      target: 'Generate 1000 events → All stored in SQLite',
      details: { distinctEvents: stored.distinctIds, journalMode: 'wal' },
    });
    expect(stored.distinctIds).toBe(1000);
    store.db.exec('DELETE FROM events; DELETE FROM hourly_rollup;');
  });

  test('[AUTO-18] a failure recurring at 03:00 daily is recognised with its support and confidence', () => {
    store.recordEvents(fourteenDays());
    const patterns = store.learnPatterns(START + 14 * DAY_MS);
    expect(patterns.map((p) => [p.service, p.hourOfDay])).toEqual([['payments', 3]]);
    const [pattern] = patterns;
    recordMetric({
      name: 'recurring failure pattern support',
      unit: 'ratio',
      value: pattern!.support,
      details: { service: 'payments', hourOfDay: 3, daysWithFailure: pattern!.daysWithFailure, daysObserved: pattern!.daysObserved },
    });
    recordMetric({ name: 'recurring failure pattern confidence', unit: 'ratio', value: pattern!.confidence, details: { occurrences: pattern!.occurrences } });
    expect(pattern!.support).toBe(1);
    expect(pattern!.confidence).toBeGreaterThan(0.5);
  });

  test('[AUTO-19] a slow endpoint is learnt and caching is applied automatically, with the latency gain measured', async () => {
    const clock = new SimulatedClock(START + 15 * DAY_MS);
    const upstream = http.createServer((request, response) => {
      const delay = request.url?.startsWith('/api/reports') ? 120 : 1;
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: request.url })), delay);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { guard, audit } = safetyRig(clock, path.join(temp.path, 'optimizer'));
    const proxy = new CachingProxy({
      upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      service: 'api',
      clock,
      record: (event) => store.recordEvents([event]),
    });
    const base = await proxy.listen();
    try {
      const timed = async (url: string): Promise<number> => {
        const started = performance.now();
        const response = await fetch(`${base}${url}`);
        await response.arrayBuffer();
        expect(response.status).toBe(200);
        return performance.now() - started;
      };
      const batch = (url: string, n: number): Promise<number[]> => Promise.all(Array.from({ length: n }, () => timed(url)));
      const before = await batch('/api/reports', 25);
      await batch('/api/fast', 25);
      // The optimizer is one of the control loop's duties: the next iteration applies the cache.
      const optimizer = new EndpointOptimizer({ clock, store, proxy, guard, slowMs: 100, minRequests: 20 });
      const loop = new ControlLoop({ clock, iterate: async () => ({ actions: optimizer.run().length }) });
      loop.start();
      await clock.advance(30_000, async () => loop.idle());
      loop.stop();
      expect(loop.timings.at(0).actions).toBe(1);
      await timed('/api/reports'); // fills the cache
      const after: number[] = [];
      for (let i = 0; i < 25; i += 1) after.push(await timed('/api/reports'));
      expect(proxy.hits).toBe(25);
      expect(audit.entries().some((entry) => entry.operation === 'enable-cache' && entry.target === '/api/reports')).toBe(true);
      const beforeMedian = [...before].sort((a, b) => a - b)[12]!;
      recordMetric({
        name: 'slow endpoint latency before caching (median)',
        unit: 'ms',
        value: beforeMedian,
        details: { endpoint: '/api/reports', upstreamDelayMs: 120, samples: before },
      });
      const afterMedian = [...after].sort((a, b) => a - b)[12]!;
      expectMetric({
        name: 'slow endpoint latency after caching applied',
        unit: 'ms',
        threshold: 'p(95)<100',
        samples: after,
        target: 'System learns slow endpoint → Auto-applies caching',
        details: {
          medianBeforeMs: beforeMedian,
          medianAfterMs: afterMedian,
          improvement: beforeMedian / afterMedian,
          why: 'below the upstream 120 ms floor: only a cache hit can answer that fast',
        },
      });
      expect(proxy.cachedEndpoints()).toEqual(['/api/reports']);
    } finally {
      await proxy.close();
      upstream.close();
      audit.close();
    }
  });

  test('[AUTO-20] after a JARVIS restart the learnt patterns and optimizations are all retained', async () => {
    const patternsBefore = store.patterns();
    const optimizationsBefore = store.optimizations();
    store.close();
    store = new LearningStore(dbPath);
    expect(store.patterns()).toEqual(patternsBefore);
    expect(store.optimizations()).toEqual(optimizationsBefore);
    // The restarted optimizer re-applies the cache without relearning.
    const clock = new SimulatedClock(START + 16 * DAY_MS);
    const { guard, audit } = safetyRig(clock, path.join(temp.path, 'restart'));
    const proxy = new CachingProxy({ upstream: 'http://127.0.0.1:9', service: 'api', clock, record: () => undefined });
    expect(new EndpointOptimizer({ clock, store, proxy, guard }).restore()).toEqual(['/api/reports']);
    expect(proxy.cachedEndpoints()).toEqual(['/api/reports']);
    audit.close();
    recordMetric({
      name: 'learnt items retained across restart',
      unit: 'count',
      value: patternsBefore.length + optimizationsBefore.length,
      details: { patterns: patternsBefore.length, optimizations: optimizationsBefore.length },
    });
  });

  test('[AUTO-17][AUTO-20] the cloud setup: the same store on Postgres, migrated from SQLite with nothing lost', async () => {
    const database: TestDatabase = await createTestDatabase({ prefix: 'learning' });
    const pool = new Pool({ connectionString: database.url, max: 2 });
    try {
      const result = await migrateLearningStore(dbPath, pool);
      const pg = new PgLearningStore(pool);
      expect(result.events).toBe(store.count());
      expect(await pg.count()).toBe(store.count());
      expect(await pg.patterns()).toEqual(store.patterns());
      const [sqliteInsights, pgInsights] = [store.insights(), await pg.insights()];
      expect(pgInsights.services).toEqual(sqliteInsights.services);
      expect(pgInsights.failuresByHourOfDay).toEqual(sqliteInsights.failuresByHourOfDay);
      // Learning goes on in Postgres: re-mining there finds the same pattern.
      expect((await pg.learnPatterns(START + 17 * DAY_MS)).map((p) => [p.service, p.hourOfDay])).toEqual([['payments', 3]]);
      recordMetric({
        name: 'events migrated SQLite → Postgres',
        unit: 'events',
        value: result.events,
        details: { patterns: result.patterns, batches: result.batches, function: 'migrateLearningStore(sqlitePath, pgPool)' },
      });
    } finally {
      await pool.end();
      await database.drop();
    }
  });
});

describe('learning store at scale', () => {
  const temp = makeTempDir('learning-1m');
  afterAll(() => temp.remove());

  test('[AUTO-21] insights over 1,000,000 events come back in under 1 s', () => {
    const store = new LearningStore(path.join(temp.path, 'million.db'));
    try {
      const next = random(21);
      const total = 1_000_000;
      // 1M events over 30 days, 5 services × 8 endpoints, generated and stored in one transaction.
      function* generate(): Generator<LearningEvent> {
        for (let i = 0; i < total; i += 1) {
          const service = SERVICES[i % 5]!;
          yield {
            at: START + Math.floor((i / total) * 30 * DAY_MS),
            kind: i % 10 === 0 ? 'health' : 'request',
            service,
            endpoint: `/api/${service}/e${i % 8}`,
            latencyMs: next() * (i % 8 === 3 ? 400 : 60),
            ok: next() > 0.01,
          };
        }
      }
      const loadStarted = performance.now();
      expect(store.recordEvents(generate())).toBe(total);
      const loadMs = performance.now() - loadStarted;
      const started = performance.now();
      const insights = store.insights();
      const patterns = store.learnPatterns(START + 30 * DAY_MS);
      const recentFailures = store.db.prepare('SELECT count(*) AS n FROM events WHERE service = ? AND at >= ? AND ok = 0').get('payments', START + 29 * DAY_MS) as { n: number };
      const seconds = (performance.now() - started) / 1000;
      expect(insights.totalEvents).toBe(total);
      expect(insights.slowEndpoints[0]!.endpoint).toMatch(/\/e3$/);
      expectMetric({
        name: 'insights over 1M events',
        unit: 's',
        threshold: 'value<1',
        value: seconds,
        target: 'Retrieve insights from 1M+ events in <1s',
        details: {
          events: store.count(),
          loadSeconds: loadMs / 1000,
          patterns: patterns.length,
          recentPaymentsFailures: recentFailures.n,
          sizeMb: store.sizeBytes() / 1_048_576,
          queries: 'per-service totals, top slow endpoints, failures by hour, pattern mining, indexed raw-event range count',
        },
      });
    } finally {
      store.close();
    }
  }, 60_000);
});
