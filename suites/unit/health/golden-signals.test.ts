import { createLatencyHistogram, expectMetric, recordMilliseconds } from '@orch/harness';
import { DEFAULT_THRESHOLDS, type CheckEvent } from '@orch/jarvis';
import { FakeService } from '../support/fake-service';
import { JarvisDriver } from '../support/jarvis-driver';

/**
 * Agent 1, scenario group 1: the Four Golden Signals, on JARVIS's defaults (30 s poll, traffic
 * peak over the poll interval, latency and errors over 60 s). Each signal is measured by JARVIS
 * itself (probe and proxied-request latency into an HDR histogram, proxied traffic and errors
 * counted on the clock, saturation from the service's report) and judged against the seed's
 * thresholds; the verdicts are read at the scheduled poll, never forced with pollNow().
 */
describe('Four Golden Signals monitoring', () => {
  let services: FakeService[] = [];
  let driver: JarvisDriver | undefined;

  afterEach(async () => {
    await driver?.close();
    driver = undefined;
    await Promise.all(services.map((service) => service.stop()));
    services = [];
  });

  async function startAll(names: string[]): Promise<JarvisDriver> {
    services = await Promise.all(names.map((name) => FakeService.start(name)));
    driver = await JarvisDriver.start({ services: services.map((service) => ({ name: service.name, healthUrl: service.healthUrl })) });
    return driver;
  }

  /** `count` requests through the gateway's proxy; returns statuses and each request's real latency. */
  async function proxy(jarvis: JarvisDriver, service: string, count: number, concurrency = 20): Promise<{ statuses: number[]; latenciesMs: number[] }> {
    const token = await jarvis.token('bob');
    const statuses: number[] = [];
    const latenciesMs: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          next += 1;
          const started = performance.now();
          const response = await jarvis.app.inject({ method: 'GET', url: `/api/dawg/${service}/api/projects`, headers: { authorization: `Bearer ${token}` } });
          latenciesMs.push(performance.now() - started);
          statuses.push(response.statusCode);
        }
      }),
    );
    return { statuses, latenciesMs };
  }

  /** The verdicts of the next scheduled poll on each of `names` (one clock, advanced once). */
  async function nextPollVerdicts(jarvis: JarvisDriver, names: string[]): Promise<CheckEvent[]> {
    const verdicts = new Map<string, CheckEvent>();
    const listener = (event: CheckEvent): void => {
      if (event.kind === 'poll' && names.includes(event.service) && !verdicts.has(event.service)) verdicts.set(event.service, event);
    };
    jarvis.jarvis.events.on('check', listener);
    try {
      await jarvis.advanceUntil(() => verdicts.size === names.length, jarvis.jarvis.aggregator.pollIntervalMs + 1_000);
    } finally {
      jarvis.jarvis.events.off('check', listener);
    }
    return names.map((name) => verdicts.get(name)!);
  }

  async function nextPollVerdict(jarvis: JarvisDriver, service: string): Promise<CheckEvent> {
    return (await nextPollVerdicts(jarvis, [service]))[0]!;
  }

  test('[UNIT-01] marks every service healthy when latency, errors, traffic and saturation are within target', async () => {
    const jarvis = await startAll(['backend', 'vocal-coach', 'producer']);
    for (const service of services) service.set({ report: { metrics: { cpuPercent: 35, memoryPercent: 40 } } });
    const latency = createLatencyHistogram();
    // Steady user traffic (two clients per service); gateway, fake services and client share this process.
    for (const service of services) for (const ms of (await proxy(jarvis, service.name, 100, 2)).latenciesMs) recordMilliseconds(latency, ms);
    const verdicts = await nextPollVerdicts(
      jarvis,
      services.map((service) => service.name),
    );
    const snapshot = jarvis.jarvis.aggregator.snapshot();
    expect({ status: snapshot.status, reasons: verdicts.flatMap((verdict) => verdict.snapshot.reasons) }).toEqual({ status: 'healthy', reasons: [] });
    const worst = (pick: (event: CheckEvent) => number): number => Math.max(...verdicts.map(pick));
    expectMetric({ name: 'latency of requests proxied to the services, seen by the client', histogram: latency, unit: 'ms', threshold: 'p(95)<100', target: 'latency <100ms p95' });
    expect(worst((verdict) => verdict.snapshot.signals.latencyP95Ms!)).toBeLessThan(100);
    expectMetric({
      name: 'error rate computed by JARVIS (worst service)',
      value: worst((verdict) => verdict.snapshot.signals.errorRate!),
      unit: 'ratio',
      threshold: 'rate<0.001',
      target: 'error rate <0.1%',
    });
    expectMetric({
      name: 'saturation seen by JARVIS (worst service)',
      value: worst((verdict) => verdict.snapshot.signals.saturationPercent!) / 100,
      unit: 'ratio',
      threshold: 'saturation<0.8',
      target: 'saturation <80%',
    });
    expectMetric({
      name: 'traffic peak seen by JARVIS (busiest service)',
      value: worst((verdict) => verdict.snapshot.signals.trafficRps),
      unit: 'req/s',
      threshold: 'value<=1000',
      target: 'traffic within 1000 req/sec capacity',
    });
    expect(verdicts[0]!.snapshot.signals.trafficRps).toBeGreaterThan(0);
  });

  test('[UNIT-02] marks a service degraded when its p95 response time is 150 ms (threshold 100 ms)', async () => {
    const jarvis = await startAll(['backend', 'producer']);
    const slow = services[0]!;
    slow.set({ healthDelayMs: 150, workDelayMs: 150 });
    const { latenciesMs } = await proxy(jarvis, 'backend', 40, 5);
    const verdict = await nextPollVerdict(jarvis, 'backend');
    expectMetric({
      name: 'injected latency of the backend, seen through the gateway',
      role: 'breach',
      samples: latenciesMs,
      unit: 'ms',
      threshold: 'p(95)<100',
      target: 'degraded: p95 response time 150ms (threshold: 100ms)',
    });
    expect(verdict.snapshot.signals.latencyP95Ms!).toBeGreaterThanOrEqual(150);
    expect([verdict.snapshot.status, verdict.snapshot.levels.latency]).toEqual(['degraded', 'warning']);
    expect(jarvis.status('producer')).toBe('healthy');
  });

  test('[UNIT-03] sees a 2000 req/s spike between two polls at the next scheduled poll and marks the service degraded (capacity 1000 req/s)', async () => {
    const jarvis = await startAll(['backend']);
    expect(jarvis.jarvis.aggregator.pollIntervalMs).toBe(30_000);
    expect(jarvis.status('backend')).toBe('healthy');
    // One simulated second of 2000 req/s, 5 s after the first poll and 24 s before the next.
    await jarvis.advance(5_000);
    const { statuses } = await proxy(jarvis, 'backend', 2_000, 50);
    expect(statuses.every((status) => status === 200)).toBe(true);
    await jarvis.advance(1_000);
    expect(jarvis.status('backend')).toBe('healthy');
    const verdict = await nextPollVerdict(jarvis, 'backend');
    expect(verdict.at - jarvis.polls[0]!).toBe(30_000);
    expectMetric({
      name: 'traffic peak seen by JARVIS at the next poll',
      role: 'breach',
      value: verdict.snapshot.signals.trafficRps,
      unit: 'req/s',
      threshold: 'rate<=1000',
      target: 'degraded: 2000 req/sec (capacity: 1000 req/sec)',
    });
    expect(verdict.snapshot.signals.trafficRps).toBe(2_000);
    expect([verdict.snapshot.status, verdict.snapshot.levels.traffic]).toEqual(['degraded', 'warning']);
  });

  test.each([
    ['5 %', 20, 400, 0.05],
    ['0.5 % (the band edge)', 200, 400, 0.005],
  ])('[UNIT-04] marks a service critical (down) at a %s error rate against a 0.1 %% threshold', async (_label, failEvery, requests, expected) => {
    const jarvis = await startAll(['backend', 'producer']);
    services[0]!.set({ failEvery });
    const { statuses } = await proxy(jarvis, 'backend', requests, 20);
    expect(statuses.filter((status) => status === 500)).toHaveLength(requests * expected);
    const verdict = await nextPollVerdict(jarvis, 'backend');
    expectMetric({
      name: `error rate computed by JARVIS (${expected * 100} % injected)`,
      role: 'breach',
      value: verdict.snapshot.signals.errorRate!,
      unit: 'ratio',
      threshold: 'rate<0.001',
      target: 'critical: 5% errors (threshold: 0.1%)',
    });
    expect(verdict.snapshot.signals.errorRate).toBeCloseTo(expected, 6);
    expect([verdict.snapshot.levels.errors, verdict.snapshot.status]).toEqual(['critical', 'down']);
    expect(jarvis.status('producer')).toBe('healthy');
  });

  test.each([
    [95, 'critical', 'down'],
    [85, 'critical', 'down'],
    [80, 'critical', 'down'],
    [79, 'ok', 'healthy'],
  ])('[UNIT-05] judges %d %% CPU against the 80 %% saturation threshold: %s, %s', async (cpuPercent, level, status) => {
    const jarvis = await startAll(['producer', 'backend']);
    services[0]!.set({ report: { metrics: { cpuPercent, memoryPercent: 50 } } });
    const verdict = await nextPollVerdict(jarvis, 'producer');
    expect([verdict.snapshot.signals.saturationPercent, verdict.snapshot.levels.saturation, verdict.snapshot.status]).toEqual([cpuPercent, level, status]);
    if (cpuPercent >= 80) {
      expectMetric({
        name: `saturation seen by JARVIS (${cpuPercent} % CPU injected)`,
        role: 'breach',
        value: cpuPercent / 100,
        unit: 'ratio',
        threshold: 'saturation<0.8',
        target: 'critical: 95% CPU usage (threshold: 80%)',
      });
    }
    expect(jarvis.status('backend')).toBe('healthy');
  });

  test('[UNIT-01] documents its bands: errors and saturation over target are critical, latency and traffic degraded first', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({
      latencyP95Ms: 100,
      latencyCriticalP95Ms: 1000,
      capacityRps: 1000,
      trafficCriticalRps: 3000,
      errorRate: 0.001,
      errorRateCritical: 0.001,
      saturationPercent: 80,
      saturationCriticalPercent: 80,
    });
  });
});
