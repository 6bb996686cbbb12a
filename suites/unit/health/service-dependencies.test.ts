import { performance } from 'node:perf_hooks';
import { expectMetric, waitUntil } from '@orch/harness';
import { FakeService } from '../support/fake-service';
import { JarvisDriver } from '../support/jarvis-driver';

/** Agent 1, scenario group 3: service dependencies (AI DAWG backend, vocal coach, producer). */
describe('Service dependencies', () => {
  let services: FakeService[] = [];
  let driver: JarvisDriver | undefined;

  afterEach(async () => {
    await driver?.close();
    driver = undefined;
    await Promise.all(services.map((service) => service.stop()));
    services = [];
  });

  async function start(options: Partial<Parameters<typeof JarvisDriver.start>[0]> = {}): Promise<JarvisDriver> {
    services = await Promise.all(['backend', 'vocal-coach', 'producer'].map((name) => FakeService.start(name)));
    driver = await JarvisDriver.start({ services: services.map((service) => ({ name: service.name, healthUrl: service.healthUrl })), ...options });
    return driver;
  }

  const byName = (name: string): FakeService => services.find((service) => service.name === name)!;

  test('[UNIT-09] answers 503 with a degraded status naming the backend when the AI DAWG backend is down, and keeps serving the others', async () => {
    const jarvis = await start();
    const token = await jarvis.token('bob');
    const auth = { authorization: `Bearer ${token}` };
    await byName('backend').stop();
    await jarvis.advance(30_000);
    expect(jarvis.status('backend')).toBe('down');

    const started = performance.now();
    const response = await jarvis.app.inject({
      method: 'POST',
      url: '/api/dawg/backend/api/projects',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: { name: 'My Song', bpm: 120 },
    });
    const answerMs = performance.now() - started;
    const body = response.json() as { status: string; service: string; error: { code: string; message: string }; services: Record<string, string> };
    expectMetric({
      name: 'gateway status for a request to the down backend',
      value: response.statusCode,
      unit: 'http status',
      threshold: 'value==503',
      target: 'Gateway should return 503 with degraded status',
    });
    expect(body).toMatchObject({ status: 'degraded', service: 'backend', error: { code: 'SERVICE_UNAVAILABLE' } });
    expect(body.services).toMatchObject({ backend: 'down', 'vocal-coach': 'healthy', producer: 'healthy' });
    expectMetric({ name: 'time to answer 503 for the down backend', value: answerMs, unit: 'ms', threshold: 'value<1000', target: 'degraded answer, not a hung request' });

    const others = await Promise.all(['vocal-coach', 'producer'].map((name) => jarvis.app.inject({ method: 'GET', url: `/api/dawg/${name}/api/status?x=1`, headers: auth })));
    expect(others.map((other) => other.statusCode)).toEqual([200, 200]);
    expect(others[0]!.json()).toMatchObject({ service: 'vocal-coach', path: '/api/status', user: 'bob' });
    const health = JSON.parse((await jarvis.app.inject({ method: 'GET', url: '/health' })).body) as { status: string };
    expect(health.status).toBe('degraded');
  });

  test('[UNIT-09] answers 504 with a degraded status when a backend accepts the request but does not answer in time', async () => {
    const jarvis = await start({ proxyTimeoutMs: 300 });
    byName('backend').set({ workDelayMs: 5_000 });
    const token = await jarvis.token('bob');
    const started = performance.now();
    const response = await jarvis.app.inject({ method: 'GET', url: '/api/dawg/backend/api/projects', headers: { authorization: `Bearer ${token}` } });
    const elapsed = performance.now() - started;
    expect(response.statusCode).toBe(504);
    expect(response.json()).toMatchObject({ error: { code: 'UPSTREAM_TIMEOUT' }, status: 'degraded', service: 'backend' });
    expectMetric({
      name: 'time to give up on a backend that does not answer',
      value: elapsed,
      unit: 'ms',
      threshold: 'value<2000',
      target: 'Gateway answers degraded instead of hanging',
    });
    const producer = await jarvis.app.inject({ method: 'GET', url: '/api/dawg/producer/api/jobs', headers: { authorization: `Bearer ${token}` } });
    expect(producer.statusCode).toBe(200);
  });

  test('[UNIT-10] marks the vocal coach down when its health check exceeds 5 s, while the other services are still checked', async () => {
    const jarvis = await start();
    await jarvis.advance(30_000);
    byName('vocal-coach').set({ mode: 'hang' });
    jarvis.hanging.add('vocal-coach');
    const healthyBefore = { backend: byName('backend').healthRequests, producer: byName('producer').healthRequests };

    const realStart = performance.now();
    await jarvis.clock.advance(30_000);
    const pollStartedAt = jarvis.clock.now();
    // The others get their verdict while the vocal coach's probe is still hanging.
    await waitUntil(async () => jarvis.jarvis.aggregator.inFlight().join() === 'vocal-coach', { timeoutMs: 5_000, what: 'other probes to answer' });
    const othersCheckedMs = performance.now() - realStart;
    expect(byName('backend').healthRequests).toBe(healthyBefore.backend + 1);
    expect(byName('producer').healthRequests).toBe(healthyBefore.producer + 1);
    expect(jarvis.jarvis.aggregator.service('backend').checkedAt).toBe(pollStartedAt);
    expect(jarvis.jarvis.aggregator.service('producer').checkedAt).toBe(pollStartedAt);
    // Its last verdict stands while its probe hangs (healthy, or degraded by a slow real probe on a loaded machine).
    expect(jarvis.status('vocal-coach')).not.toBe('down');

    const downAt = await jarvis.advanceUntil(() => jarvis.status('vocal-coach') === 'down', 10_000);
    expectMetric({
      name: 'vocal coach marked down after',
      value: downAt - pollStartedAt,
      unit: 'ms',
      threshold: 'value<=5000',
      target: 'Vocal Coach timeout (>5s) → Mark as down',
    });
    expect(downAt - pollStartedAt).toBe(5_000);
    expectMetric({
      name: 'real time for the other services to be checked while the vocal coach hangs',
      value: othersCheckedMs,
      unit: 'ms',
      threshold: 'value<5000',
      target: 'continue checking other services',
    });
    expect(jarvis.jarvis.aggregator.service('vocal-coach').probe?.failure).toBe('timeout');
    expect(jarvis.status('backend')).toBe('healthy');
    expect(jarvis.status('producer')).toBe('healthy');
    // The next polls keep checking the others on schedule.
    const before = byName('backend').healthRequests;
    await jarvis.advance(60_000);
    expect(byName('backend').healthRequests).toBe(before + 2);
  });

  test('[UNIT-11] isolates a failing service with its circuit breaker so its failures do not cascade', async () => {
    const jarvis = await start({ breaker: { volumeThreshold: 3, resetTimeoutMs: 60_000 } });
    const token = await jarvis.token('bob');
    const auth = { authorization: `Bearer ${token}` };
    await jarvis.advance(30_000);
    // The backend starts hanging: every call to it would cost a full timeout.
    const backend = byName('backend');
    backend.set({ mode: 'hang', workDelayMs: 60_000 });
    jarvis.hanging.add('backend');
    await jarvis.advanceUntil(() => jarvis.jarvis.aggregator.service('backend').breaker === 'open', 3 * 60_000);
    jarvis.hanging.delete('backend');
    const openedAt = jarvis.clock.now();
    const requestsWhenOpened = { health: backend.healthRequests, work: backend.workRequests };

    // While open: proxied calls fail fast without reaching the backend, the others answer.
    const timings: number[] = [];
    for (let index = 0; index < 20; index += 1) {
      const started = performance.now();
      const response = await jarvis.app.inject({ method: 'GET', url: '/api/dawg/backend/api/projects', headers: auth });
      timings.push(performance.now() - started);
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'degraded', service: 'backend' });
    }
    const producer = await jarvis.app.inject({ method: 'GET', url: '/api/dawg/producer/api/jobs', headers: auth });
    expect(producer.statusCode).toBe(200);
    await jarvis.advance(50_000);
    expect(jarvis.jarvis.aggregator.service('backend').breaker).toBe('open');
    expect(jarvis.status('backend')).toBe('down');
    expect(jarvis.status('producer')).toBe('healthy');
    expect(jarvis.status('vocal-coach')).toBe('healthy');
    expectMetric({
      name: 'calls that reached the isolated backend while its breaker was open',
      value: backend.healthRequests + backend.workRequests - requestsWhenOpened.health - requestsWhenOpened.work,
      unit: 'requests',
      threshold: 'count==0',
      target: 'Circuit breaker isolates failing service',
    });
    expectMetric({
      name: 'slowest fail-fast answer while the breaker is open',
      samples: timings,
      unit: 'ms',
      threshold: 'max<100',
      target: 'Cascading failure isolated: no call waits on the failing service',
    });

    // After the reset timeout one trial probe goes through; the backend has recovered, so the breaker closes.
    backend.set({ mode: 'healthy', workDelayMs: 0 });
    const closedAt = await jarvis.advanceUntil(() => jarvis.jarvis.aggregator.service('backend').breaker === 'closed', 3 * 60_000);
    expect(closedAt - openedAt).toBeGreaterThanOrEqual(60_000);
    await jarvis.advanceUntil(() => jarvis.status('backend') === 'healthy', 60_000);
    const after = await jarvis.app.inject({ method: 'GET', url: '/api/dawg/backend/api/projects', headers: auth });
    expect(after.statusCode).toBe(200);
  });
});
