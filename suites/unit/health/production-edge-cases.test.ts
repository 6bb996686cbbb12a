import { expectMetric, recordMetric, waitUntil } from '@orch/harness';
import { FakeService } from '../support/fake-service';
import { JarvisDriver } from '../support/jarvis-driver';
import { WebhookReceiver } from '../support/webhook-receiver';

/** Agent 1, scenario group 4: edge cases from real production incidents. */
describe('Edge cases from production incidents', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function fake(name: string, options: { altListener?: boolean } = {}): Promise<FakeService> {
    const service = await FakeService.start(name, options);
    cleanups.push(() => service.stop());
    return service;
  }

  async function jarvisFor(options: Parameters<typeof JarvisDriver.start>[0]): Promise<JarvisDriver> {
    const driver = await JarvisDriver.start(options);
    cleanups.push(() => driver.close());
    return driver;
  }

  test.each([
    ['an empty payload', 'empty', 'empty-payload'],
    ['a payload that is not JSON', 'malformed', 'malformed-payload'],
  ] as const)('[UNIT-12] marks a service degraded when its health endpoint answers 200 OK with %s', async (_label, mode, failure) => {
    const backend = await fake('backend');
    const producer = await fake('producer');
    const jarvis = await jarvisFor({ services: [backend, producer].map((s) => ({ name: s.name, healthUrl: s.healthUrl })) });
    backend.set({ mode });
    await jarvis.advance(30_000);
    const snapshot = jarvis.jarvis.aggregator.service('backend');
    expect(snapshot.probe).toMatchObject({ ok: true, httpStatus: 200, failure });
    expectMetric({
      name: `services marked degraded on 200 with ${mode} payload`,
      value: snapshot.status === 'degraded' ? 1 : 0,
      unit: 'services',
      threshold: 'count==1',
      target: '200 OK with empty payload → Detect and mark as degraded',
    });
    expect(snapshot.status).toBe('degraded');
    // The producer is untouched: no payload problem (its real latency on a loaded machine may vary).
    expect(jarvis.jarvis.aggregator.service('producer').probe).toMatchObject({ ok: true });
    expect(jarvis.jarvis.aggregator.service('producer').probe?.failure).toBeUndefined();
  });

  test('[UNIT-13] marks a service down 5 seconds after its health endpoint stops answering, and aborts the request', async () => {
    const backend = await fake('backend');
    const jarvis = await jarvisFor({ services: [{ name: 'backend', healthUrl: backend.healthUrl }] });
    backend.set({ mode: 'hang' });
    jarvis.hanging.add('backend');
    await jarvis.clock.advance(30_000);
    const probeStartedAt = jarvis.clock.now();
    await waitUntil(async () => backend.healthRequests === 1 + 1, { timeoutMs: 5_000, what: 'the probe to reach the hanging service' });
    await jarvis.advance(4_000);
    expect(jarvis.status('backend')).toBe('healthy');
    const downAt = await jarvis.advanceUntil(() => jarvis.status('backend') === 'down', 5_000);
    expectMetric({
      name: 'health endpoint timeout to down',
      value: downAt - probeStartedAt,
      unit: 'ms',
      threshold: 'value<=5000',
      target: 'Health endpoint times out → Mark as down after 5 seconds',
    });
    expect(downAt - probeStartedAt).toBe(5_000);
    // The timed-out HTTP request is aborted for real: the service sees its connection closed.
    await waitUntil(async () => backend.abortedHealthRequests >= 1, { timeoutMs: 5_000, what: 'the hanging request to be aborted' });
    expect(jarvis.jarvis.aggregator.service('backend').reasons[0]).toMatch(/did not answer within 5000 ms/);
  });

  test('[UNIT-14] tells a network partition (service alive by heartbeat or another path) from an outage', async () => {
    const byHeartbeat = await fake('backend');
    const byAltPath = await fake('vocal-coach', { altListener: true });
    const reallyDown = await fake('producer');
    const jarvis = await jarvisFor({
      services: [
        { name: 'backend', healthUrl: byHeartbeat.healthUrl },
        { name: 'vocal-coach', healthUrl: byAltPath.healthUrl, altHealthUrls: [byAltPath.altHealthUrl] },
        { name: 'producer', healthUrl: reallyDown.healthUrl },
      ],
      heartbeatKey: 'heartbeat-key-for-tests',
    });
    await jarvis.advance(30_000);
    await byHeartbeat.partition();
    await byAltPath.partition();
    await reallyDown.stop();
    // The backend keeps pushing heartbeats (every 10 s) from its side of the partition.
    const heartbeat = async (): Promise<void> => {
      const response = await jarvis.app.inject({
        method: 'POST',
        url: '/api/heartbeat',
        headers: { 'x-heartbeat-key': 'heartbeat-key-for-tests' },
        payload: { service: 'backend', status: 'ok', metrics: { cpuPercent: 20 } },
      });
      expect(response.statusCode).toBe(202);
    };
    for (let second = 0; second < 60; second += 10) {
      await heartbeat();
      await jarvis.advance(10_000);
    }
    const statuses = { backend: jarvis.status('backend'), 'vocal-coach': jarvis.status('vocal-coach'), producer: jarvis.status('producer') };
    expect(statuses).toEqual({ backend: 'unreachable', 'vocal-coach': 'unreachable', producer: 'down' });
    const misclassified = ['backend', 'vocal-coach'].filter((name) => jarvis.status(name) === 'down').length;
    expectMetric({
      name: 'partitioned-but-healthy services misreported as down',
      value: misclassified,
      unit: 'services',
      threshold: 'count==0',
      target: "Network partition → Can't reach service but it's actually healthy",
    });
    expect(jarvis.jarvis.aggregator.service('backend').reasons.join()).toMatch(/heartbeat .* reports healthy/);
    expect(jarvis.jarvis.aggregator.service('vocal-coach').reasons.join()).toMatch(/second probe path reports healthy/);
    // Partitioned services are not restarted; the one that is really down gets escalated (no process to restart).
    expect(jarvis.jarvis.actionLog.list().filter((record) => record.service !== 'producer')).toHaveLength(0);

    // Heartbeats stop too: after their TTL the backend counts as down.
    await jarvis.advanceUntil(() => jarvis.status('backend') === 'down', 3 * 60_000);
    // The partition heals: healthy again.
    await byAltPath.heal();
    // Its breaker, opened by the failed probes, lets a trial through after 60 s; the next check then passes.
    await jarvis.advanceUntil(() => jarvis.status('vocal-coach') === 'healthy', 2 * 60_000);
  });

  test('[UNIT-15] detects a flapping service (healthy, down, healthy within 5 minutes) and sends one alert, not one per flip', async () => {
    const backend = await fake('backend');
    const receiver = await WebhookReceiver.start();
    cleanups.push(() => receiver.close());
    const jarvis = await jarvisFor({ services: [{ name: 'backend', healthUrl: backend.healthUrl }], webhookUrls: [receiver.url] });
    await jarvis.advance(30_000);
    const flappingFrom = jarvis.clock.now();
    backend.set({ mode: 'flapping' });
    let detectedAt: number | undefined;
    jarvis.jarvis.events.on('flapping', (event) => {
      if (event.flapping) detectedAt ??= event.at;
    });
    await jarvis.advance(5 * 60_000);
    const flips = jarvis.statuses.filter((event) => event.service === 'backend').length;
    await waitUntil(async () => receiver.received.length >= 1, { timeoutMs: 5_000, what: 'the flapping alert' });
    const firing = receiver.received.filter((notification) => notification.status === 'firing');
    recordMetric({ name: 'status changes while flapping', value: flips, unit: 'changes' });
    expect(flips).toBeGreaterThanOrEqual(10);
    // The failing answers are read, not just counted: the reason names the dependency that is down.
    expect(jarvis.statuses.find((event) => event.to === 'down')!.reasons.join()).toMatch(/HTTP 503 \(reports unhealthy; dependencies down: postgres\)/);
    expectMetric({
      name: 'alert notifications during the flapping episode',
      value: firing.length,
      unit: 'alerts',
      threshold: 'count==1',
      target: 'Flapping service → avoid alert spam',
    });
    expect(firing[0]!.alert.rule).toBe('ServiceFlapping');
    expect(detectedAt).toBeDefined();
    expectMetric({ name: 'flapping detected after', value: detectedAt! - flappingFrom, unit: 'ms', threshold: 'value<=300000', target: 'Healthy, down, healthy within 5 minutes' });

    // It settles: the flapping flag clears only once the weighted state change falls below the
    // low threshold (hysteresis), and the episode's alert resolves once.
    backend.set({ mode: 'healthy' });
    await jarvis.advanceUntil(() => !jarvis.jarvis.aggregator.service('backend').flapping, 15 * 60_000);
    await jarvis.advance(1_000);
    await waitUntil(async () => receiver.received.some((notification) => notification.status === 'resolved'), { timeoutMs: 5_000, what: 'the flapping alert to resolve' });
    expect(receiver.received.map((notification) => `${notification.status}:${notification.alert.rule}`)).toEqual(['firing:ServiceFlapping', 'resolved:ServiceFlapping']);
  });
});
