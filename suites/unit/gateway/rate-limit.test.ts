import { Redis } from 'ioredis';
import { expectMetric, redisKeyPrefix, serviceConnection } from '@orch/harness';
import { buildApp } from '@orch/jarvis';
import { JarvisDriver, TEST_JWT_SECRET, USERS } from '../support/jarvis-driver';

/**
 * The seed's rate limit (100 requests per minute per client) counted in the real Redis, so two
 * gateway instances share one budget, with 429 + Retry-After and an automatic block for abusers.
 */
describe('Gateway rate limiting backed by Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(serviceConnection('redis').url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await redis.quit();
  });

  test('answers 429 with Retry-After after 100 requests in a minute, shared across two gateway instances through Redis', async () => {
    const keyPrefix = redisKeyPrefix('jarvis-rl');
    const options = {
      jwtSecret: TEST_JWT_SECRET,
      users: USERS,
      logger: { level: 'silent' },
      services: [],
      autoStart: false,
      rateLimit: { max: 100, timeWindowMs: 60_000, redis: serviceConnection('redis').url, keyPrefix, autoBlockAfter: 5 },
    };
    const first = await buildApp(options);
    const second = await buildApp(options);
    try {
      const token = (await first.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bob', password: 'user-password-1' } })).json().accessToken as string;
      const statuses: number[] = [];
      let limited: Awaited<ReturnType<typeof first.inject>> | undefined;
      for (let index = 0; index < 110; index += 1) {
        const app = index % 2 === 0 ? first : second;
        const response = await app.inject({ method: 'GET', url: '/api/services', headers: { authorization: `Bearer ${token}` }, remoteAddress: '198.51.100.7' });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) limited ??= response;
      }
      const allowed = statuses.filter((status) => status === 200).length;
      expectMetric({
        name: 'requests allowed per client per minute',
        value: allowed,
        unit: 'requests',
        threshold: 'value<=100',
        target: '100 requests in 1 minute → 429 Too Many Requests',
      });
      expect(allowed).toBe(100);
      expect(statuses.indexOf(429)).toBe(100);
      expect(limited!.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited!.headers['retry-after'])).toBeLessThanOrEqual(60);
      const keys = await redis.keys(`${keyPrefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      // The abuser crossed the limit 10 times: after 5 the gateway blocked the address.
      const blocked = await first.inject({ method: 'GET', url: '/api/services', headers: { authorization: `Bearer ${token}` }, remoteAddress: '198.51.100.7' });
      expect(blocked.json()).toMatchObject({ error: { code: 'IP_BLOCKED' } });
      expect(first.jarvis.actionLog.list({ action: 'block-ip' }).map((record) => record.phase)).toEqual(['started', 'succeeded']);
      // Another client is unaffected; health stays outside the limit.
      const other = await first.inject({ method: 'GET', url: '/api/services', headers: { authorization: `Bearer ${token}` }, remoteAddress: '198.51.100.8' });
      expect(other.statusCode).toBe(200);
      for (let index = 0; index < 120; index += 1) {
        const health = await second.inject({ method: 'GET', url: '/health', remoteAddress: '198.51.100.9' });
        if (health.statusCode !== 200) throw new Error(`GET /health was limited: ${health.statusCode}`);
      }
      await redis.del(...(await redis.keys(`${keyPrefix}*`)));
    } finally {
      await first.close();
      await second.close();
    }
  });

  test('keeps serving when Redis is unreachable (fails open rather than taking the gateway down)', async () => {
    const jarvis = await JarvisDriver.start({ services: [], rateLimit: { redis: 'redis://127.0.0.1:1', keyPrefix: redisKeyPrefix('jarvis-rl') } });
    try {
      const response = await jarvis.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bob', password: 'user-password-1' } });
      expect(response.statusCode).toBe(200);
    } finally {
      await jarvis.close();
    }
  });
});
