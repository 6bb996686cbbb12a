import { expectMetric, SimulatedClock } from '@orch/harness';
import { buildApp, renderError, type ProcessSupervisor } from '@orch/jarvis';
import { FakeService } from '../support/fake-service';
import { JarvisDriver, TEST_JWT_SECRET, USERS } from '../support/jarvis-driver';

describe('Gateway authentication, roles, limits and error handling', () => {
  let backend: FakeService;
  let jarvis: JarvisDriver;

  beforeAll(async () => {
    backend = await FakeService.start('backend');
    jarvis = await JarvisDriver.start({ services: [{ name: 'backend', healthUrl: backend.healthUrl }] });
  });
  afterAll(async () => {
    await jarvis.close();
    await backend.stop();
  });

  test('issues short-lived access tokens, answers 401 TOKEN_EXPIRED with a refresh prompt, and refreshes once', async () => {
    const login = await jarvis.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bob', password: 'user-password-1' } });
    expect(login.statusCode).toBe(200);
    const tokens = login.json() as { accessToken: string; refreshToken: string; expiresIn: number };
    expectMetric({ name: 'access token lifetime', value: tokens.expiresIn, unit: 's', threshold: 'value<=900', target: 'JWT with short expiry' });
    const ok = await jarvis.app.inject({ method: 'GET', url: '/api/services', headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(ok.statusCode).toBe(200);

    await jarvis.advance(16 * 60_000);
    const expired = await jarvis.app.inject({ method: 'GET', url: '/api/services', headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ error: { code: 'TOKEN_EXPIRED' } });
    expect(expired.headers['www-authenticate']).toMatch(/expired/);

    const refreshed = await jarvis.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: tokens.refreshToken } });
    expect(refreshed.statusCode).toBe(200);
    const again = await jarvis.app.inject({
      method: 'GET',
      url: '/api/services',
      headers: { authorization: `Bearer ${(refreshed.json() as { accessToken: string }).accessToken}` },
    });
    expect(again.statusCode).toBe(200);
    const reused = await jarvis.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: tokens.refreshToken } });
    expect(reused.json()).toMatchObject({ error: { code: 'INVALID_REFRESH_TOKEN' } });
    const accessAsRefresh = await jarvis.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: tokens.accessToken } });
    expect(accessAsRefresh.statusCode).toBe(401);
  });

  test('rejects missing, tampered and wrong-role tokens and wrong passwords', async () => {
    const userToken = await jarvis.token('bob');
    const adminToken = await jarvis.token('ada');
    const [header, payload, signature] = userToken.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin' })).toString('base64url');
    const cases = [
      { headers: {}, url: '/api/services', expected: [401, 'UNAUTHORIZED'] },
      { headers: { authorization: `Bearer ${header}.${payload}.${signature!.slice(0, -4)}AAAA` }, url: '/api/services', expected: [401, 'UNAUTHORIZED'] },
      { headers: { authorization: `Bearer ${header}.${forgedPayload}.${signature}` }, url: '/api/recovery/actions', expected: [401, 'UNAUTHORIZED'] },
      { headers: { authorization: `Bearer ${userToken}` }, url: '/api/recovery/actions', expected: [403, 'FORBIDDEN'] },
      { headers: { authorization: `Bearer ${userToken}` }, url: '/api/admin/blocked-ips', expected: [403, 'FORBIDDEN'] },
      { headers: { authorization: `Bearer ${adminToken}` }, url: '/api/recovery/actions', expected: [200, undefined] },
    ] as const;
    for (const { headers, url, expected } of cases) {
      const response = await jarvis.app.inject({ method: 'GET', url, headers });
      expect([response.statusCode, (response.json() as { error?: { code: string } }).error?.code]).toEqual(expected);
    }
    const wrong = await jarvis.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bob', password: 'nope' } });
    const unknown = await jarvis.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'mallory', password: 'nope' } });
    const injection = await jarvis.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: "admin' OR '1'='1", password: 'x' } });
    expect([wrong.statusCode, unknown.statusCode, injection.statusCode]).toEqual([401, 401, 400]);
    expect(wrong.json()).toEqual(unknown.json());
  });

  test('answers 413 PAYLOAD_TOO_LARGE for a 10 MB body, with security headers on every answer', async () => {
    const huge = JSON.stringify({ username: 'bob', password: 'x'.repeat(10 * 1024 * 1024) });
    const response = await jarvis.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: huge });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    const token = await jarvis.token('bob');
    const proxied = await jarvis.app.inject({
      method: 'POST',
      url: '/api/dawg/backend/api/projects',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      payload: Buffer.alloc(2 * 1024 * 1024),
    });
    expect(proxied.statusCode).toBe(413);
    const health = await jarvis.app.inject({ method: 'GET', url: '/health' });
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(health.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  test('answers an unexpected failure with 500 INTERNAL_ERROR and a generic message, never a stack trace', async () => {
    const broken: ProcessSupervisor = {
      has: () => {
        throw new TypeError('adapter exploded at /srv/secret/path.ts:42');
      },
      start: async () => Promise.reject(new Error('unused')),
      stop: async () => undefined,
      restart: async () => Promise.reject(new Error('unused')),
      info: () => undefined,
      close: async () => undefined,
    };
    const app = await buildApp({
      jwtSecret: TEST_JWT_SECRET,
      users: USERS,
      rateLimit: false,
      logger: { level: 'silent' },
      clock: new SimulatedClock(),
      supervisor: broken,
      services: [{ name: 'backend', healthUrl: backend.healthUrl }],
      autoStart: false,
    });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ada', password: 'admin-password-1' } });
      const token = (login.json() as { accessToken: string }).accessToken;
      const response = await app.inject({ method: 'POST', url: '/api/recovery/backend/restart', headers: { authorization: `Bearer ${token}` }, payload: { reason: 'test' } });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'internal server error' } });
      expect(response.body).not.toMatch(/exploded|secret|\.ts:|at /);
    } finally {
      await app.close();
    }
    expect(renderError(new Error('boom')).statusCode).toBe(500);
  });

  test('serves the aggregate from the last snapshot on GET /health and the golden signals on GET /metrics', async () => {
    await jarvis.advance(30_000);
    const times: number[] = [];
    for (let index = 0; index < 500; index += 1) {
      const started = process.hrtime.bigint();
      const response = await jarvis.app.inject({ method: 'GET', url: '/health' });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (response.statusCode !== 200) throw new Error(`GET /health answered ${response.statusCode}`);
    }
    times.sort((a, b) => a - b);
    expectMetric({ name: 'GET /health in-process latency p95', samples: times, unit: 'ms', threshold: 'p(95)<100', target: 'JARVIS control plane GET /health p95 <100ms' });
    const health = JSON.parse((await jarvis.app.inject({ method: 'GET', url: '/health' })).body) as { status: string; services: Record<string, { status: string }> };
    expect(health.services.backend!.status).toBe('healthy');
    const metrics = await jarvis.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.json()).toMatchObject({
      thresholds: { latencyP95Ms: 100, capacityRps: 1000, errorRate: 0.001, saturationPercent: 80 },
      services: { backend: { status: 'healthy' } },
    });
    const text = await jarvis.app.inject({ method: 'GET', url: '/metrics?format=prometheus' });
    expect(text.headers['content-type']).toMatch(/text\/plain/);
    expect(text.body).toMatch(/jarvis_service_up\{service="backend"\} 1/);
    const byAccept = await jarvis.app.inject({ method: 'GET', url: '/metrics', headers: { accept: 'text/plain' } });
    expect(byAccept.body).toMatch(/# TYPE jarvis_service_latency_p95_ms gauge/);
  });

  test('lists services and alerts to users and lets admins manage the IP denylist', async () => {
    const user = { authorization: `Bearer ${await jarvis.token('bob')}` };
    const admin = { authorization: `Bearer ${await jarvis.token('ada')}` };
    expect((await jarvis.app.inject({ method: 'GET', url: '/api/services/backend', headers: user })).json()).toMatchObject({ name: 'backend' });
    expect((await jarvis.app.inject({ method: 'GET', url: '/api/services/nope', headers: user })).json()).toMatchObject({ error: { code: 'UNKNOWN_SERVICE' } });
    expect((await jarvis.app.inject({ method: 'GET', url: '/api/alerts?state=firing', headers: user })).json()).toEqual({ firing: [], pending: [], resolved: [] });
    const blocked = await jarvis.app.inject({ method: 'POST', url: '/api/admin/blocked-ips', headers: admin, payload: { ip: '203.0.113.9', reason: 'credential stuffing' } });
    expect(blocked.statusCode).toBe(201);
    expect((await jarvis.app.inject({ method: 'GET', url: '/api/services', headers: user, remoteAddress: '203.0.113.9' })).json()).toMatchObject({ error: { code: 'IP_BLOCKED' } });
    expect((await jarvis.app.inject({ method: 'GET', url: '/api/admin/blocked-ips', headers: admin })).json()).toMatchObject({ blocked: [{ ip: '203.0.113.9' }] });
    expect((await jarvis.app.inject({ method: 'DELETE', url: '/api/admin/blocked-ips/203.0.113.9', headers: admin })).json()).toEqual({ unblocked: true });
    expect((await jarvis.app.inject({ method: 'GET', url: '/api/services', headers: user, remoteAddress: '203.0.113.9' })).statusCode).toBe(200);
    const restart = await jarvis.app.inject({ method: 'POST', url: '/api/recovery/backend/restart', headers: admin, payload: { reason: 'manual' } });
    expect(restart.json()).toMatchObject({ error: { code: 'RECOVERY_UNAVAILABLE' } });
    const actions = (await jarvis.app.inject({ method: 'GET', url: '/api/recovery/actions?service=gateway', headers: admin })).json() as { actions: Array<{ action: string }> };
    expect(actions.actions.map((action) => action.action)).toEqual(['block-ip', 'block-ip']);
  });
});
