import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { createTestDatabase, expectMetric, redisKeyPrefix, serviceConnection, waitUntil } from '@orch/harness';
import { InvalidatingCache } from '../src/data/invalidating-cache';
import { RedisSentinelGroup, SENTINEL_MASTER_NAME } from '../src/data/redis-sentinel-group';
import { SESSION_TTL_SECONDS, SessionStore } from '../src/data/session-store';

describe('Redis (ElastiCache role): sliding 30-minute sessions, cache invalidation, Sentinel failover', () => {
  const redis = new Redis(serviceConnection('redis').url);
  const prefix = redisKeyPrefix('cloud');
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  test('[CLOUD-22] a session lives 30 minutes after its last use: the TTL read back from Redis is 1800 s, and a read renews it', async () => {
    const sessions = new SessionStore(redis, prefix);
    await sessions.create('alice', { userId: 'alice', role: 'producer' });
    const created = await sessions.ttlMs('alice');
    // Let Redis's own clock run down the TTL by a measurable amount, then use the session.
    await waitUntil(async () => (await sessions.ttlMs('alice')) <= created - 1_100, { timeoutMs: 5_000, intervalMs: 100, what: 'TTL running down' });
    const aged = await sessions.ttlMs('alice');
    expect(await sessions.get('alice')).toEqual({ userId: 'alice', role: 'producer' });
    const renewed = await sessions.ttlMs('alice');
    expect(aged).toBeLessThan(SESSION_TTL_SECONDS * 1000 - 1_000);
    expect(renewed).toBeGreaterThan(aged + 1_000);
    expectMetric({
      name: 'cloud.redis.session_ttl_s',
      unit: 's',
      threshold: 'value==1800',
      value: Math.round(renewed / 1000),
      target: 'Session storage with 30-minute TTL',
      details: { ttlAtCreateMs: created, ttlBeforeUseMs: aged, ttlAfterUseMs: renewed, sliding: true },
    });
    expect(Math.round(created / 1000)).toBe(SESSION_TTL_SECONDS);
  });

  test('[CLOUD-23] a write invalidates the shared Redis entry and every instance’s local copy; the next read sees the new value', async () => {
    const database = await createTestDatabase({ prefix: 'cloud_cache' });
    const pool = new Pool({ connectionString: database.url, max: 2 });
    const subscribers = [new Redis(serviceConnection('redis').url), new Redis(serviceConnection('redis').url)];
    try {
      await pool.query('CREATE TABLE projects (id text PRIMARY KEY, name text NOT NULL)');
      await pool.query("INSERT INTO projects VALUES ('p1', 'Demo v1')");
      const load = async (key: string): Promise<string> => (await pool.query<{ name: string }>('SELECT name FROM projects WHERE id = $1', [key])).rows[0].name;
      const [first, second] = subscribers.map((subscriber) => new InvalidatingCache(redis, subscriber, `${prefix}cache:`, load));
      await Promise.all([first.start(), second.start()]);
      expect(await first.get('p1')).toEqual({ value: 'Demo v1', from: 'source' });
      expect(await second.get('p1')).toEqual({ value: 'Demo v1', from: 'redis' });
      expect(await second.get('p1')).toEqual({ value: 'Demo v1', from: 'local' });
      await pool.query("UPDATE projects SET name = 'Demo v2' WHERE id = 'p1'");
      await first.invalidate('p1');
      await waitUntil(async () => second.invalidations.includes('p1'), { timeoutMs: 5_000, what: 'invalidation message' });
      expect(await second.get('p1')).toEqual({ value: 'Demo v2', from: 'source' });
      expect(await first.get('p1')).toEqual({ value: 'Demo v2', from: 'redis' });
    } finally {
      for (const subscriber of subscribers) subscriber.disconnect();
      await pool.end();
      await database.drop();
    }
  });

  test('[CLOUD-24] Sentinel fails over to the replica when the master is killed: the app writes again in < 30 s and loses no acknowledged write', async () => {
    const group = new RedisSentinelGroup();
    let app: Redis | undefined;
    try {
      await group.start({ downAfterMs: 1_000 });
      app = new Redis({
        sentinels: [{ host: '127.0.0.1', port: group.sentinel.port }],
        name: SENTINEL_MASTER_NAME,
        maxRetriesPerRequest: 1,
        retryStrategy: () => 100,
        sentinelRetryStrategy: () => 100,
      });
      app.on('error', () => undefined);
      const originalMaster = group.master.port;
      const acknowledged: number[] = [];
      let next = 1;
      let killedAt = 0;
      let writing = true;
      let firstWriteOnNewMaster = 0;
      const writer = (async () => {
        while (writing) {
          try {
            await app!.set(`${SENTINEL_MASTER_NAME}:write:${next}`, String(next));
            // Acknowledged only once the replica has it (WAIT 1): the write survives a failover.
            const replicas = (await app!.call('WAIT', '1', '1000')) as number;
            if (replicas >= 1) acknowledged.push(next);
            if (killedAt && !firstWriteOnNewMaster && (await group.currentMasterPort()) !== originalMaster) firstWriteOnNewMaster = performance.now();
            next += 1;
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      })();
      await waitUntil(async () => acknowledged.length >= 20, { timeoutMs: 10_000, what: '20 acknowledged writes' });
      killedAt = performance.now();
      group.killMaster();
      await waitUntil(async () => firstWriteOnNewMaster > 0, { timeoutMs: 45_000, intervalMs: 100, what: 'a write on the promoted replica' });
      writing = false;
      await writer;
      expect(await group.currentMasterPort()).toBe(group.replica.port);
      const values = await app.mget(...acknowledged.map((id) => `${SENTINEL_MASTER_NAME}:write:${id}`));
      const lost = acknowledged.filter((_, index) => values[index] === null);
      expect(lost).toEqual([]);
      expectMetric({
        name: 'cloud.redis.failover_s',
        unit: 's',
        threshold: 'value<30',
        value: (firstWriteOnNewMaster - killedAt) / 1000,
        target: 'Failover to replica: <30 seconds',
        details: { downAfterMs: 1_000, acknowledgedWrites: acknowledged.length, lost: lost.length, sentinel: 'Debian redis-sentinel, quorum 1' },
      });
    } finally {
      app?.disconnect();
      await group.stop();
    }
  }, 60_000);
});
