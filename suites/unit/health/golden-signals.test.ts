import { expectMetric } from '@orch/harness';
import { FakeService } from '../support/fake-service';
import { JarvisDriver } from '../support/jarvis-driver';

/**
 * Agent 1, scenario group 1: the Four Golden Signals. Each signal is measured by JARVIS itself
 * (probe and proxied-request latency into an HDR histogram, proxied traffic and errors counted
 * on the clock, saturation from the service's report) and judged against the seed's thresholds.
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

  async function startAll(names: string[], options: Parameters<typeof JarvisDriver.start>[0] extends infer O ? Partial<O> : never = {}): Promise<JarvisDriver> {
    services = await Promise.all(names.map((name) => FakeService.start(name)));
    driver = await JarvisDriver.start({ services: services.map((service) => ({ name: service.name, healthUrl: service.healthUrl })), ...options });
    return driver;
  }

  async function proxy(jarvis: JarvisDriver, service: string, count: number, concurrency = 20): Promise<number[]> {
    const token = await jarvis.token('bob');
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          next += 1;
          const response = await jarvis.app.inject({ method: 'GET', url: `/api/dawg/${service}/api/projects`, headers: { authorization: `Bearer ${token}` } });
          statuses.push(response.statusCode);
        }
      }),
    );
    return statuses;
  }

  test('[UNIT-01] marks every service healthy when latency, errors, traffic and saturation are within target', async () => {
    // Traffic over a one-minute window (Prometheus' rate(...[1m])), so the poll 30 s later still sees it.
    const jarvis = await startAll(['backend', 'vocal-coach', 'producer'], { trafficWindowMs: 60_000 });
    for (const service of services) service.set({ report: { metrics: { cpuPercent: 35, memoryPercent: 40 } } });
    // Steady user traffic (two clients per service); gateway, fake services and client share this process.
    for (const service of services) await proxy(jarvis, service.name, 100, 2);
    await jarvis.advance(30_000);
    const snapshot = jarvis.jarvis.aggregator.snapshot();
    expect({ status: snapshot.status, reasons: Object.values(snapshot.services).flatMap((service) => service.reasons) }).toEqual({ status: 'healthy', reasons: [] });
    const worst = (pick: (name: string) => number) => Math.max(...services.map((service) => pick(service.name)));
    const signals = (name: string) => snapshot.services[name]!.signals;
    expectMetric({ name: 'latency p95 (worst service)', value: worst((name) => signals(name).latencyP95Ms!), unit: 'ms', threshold: 'p(95)<100', target: 'latency <100ms p95' });
    expectMetric({ name: 'error rate (worst service)', value: worst((name) => signals(name).errorRate!), unit: 'ratio', threshold: 'rate<0.001', target: 'error rate <0.1%' });
    expectMetric({ name: 'saturation (worst service)', value: worst((name) => signals(name).saturationPercent!), unit: '%', threshold: 'saturation<80', target: 'saturation <80%' });
    expectMetric({ name: 'traffic (busiest service)', value: worst((name) => signals(name).trafficRps), unit: 'req/s', threshold: 'value<1000', target: 'traffic within 1000 req/sec capacity' });
    expect(signals('backend').trafficRps).toBeGreaterThan(0);
    for (const service of services) expect(snapshot.services[service.name]!.status).toBe('healthy');
  });

  test('[UNIT-02] marks a service degraded when its p95 response time is 150 ms (threshold 100 ms)', async () => {
    const jarvis = await startAll(['backend', 'producer']);
    const slow = services[0]!;
    slow.set({ healthDelayMs: 150, workDelayMs: 150 });
    await proxy(jarvis, 'backend', 40, 5);
    await jarvis.advance(30_000);
    const backend = jarvis.jarvis.aggregator.service('backend');
    expectMetric({ name: 'backend latency p95 computed by JARVIS', value: backend.signals.latencyP95Ms!, unit: 'ms', threshold: 'p(95)>100', target: 'p95 150ms against a 100ms threshold → degraded' });
    expect(backend.signals.latencyP95Ms!).toBeGreaterThanOrEqual(150);
    expect(backend.status).toBe('degraded');
    expect(backend.levels.latency).toBe('warning');
    expect(jarvis.status('producer')).toBe('healthy');
  });

  test('[UNIT-03] marks a service degraded on a traffic spike of 2000 req/s against a 1000 req/s capacity', async () => {
    const jarvis = await startAll(['backend'], { trafficWindowMs: 1_000 });
    // 2000 real requests through the gateway within one second of the (stopped) clock.
    const statuses = await proxy(jarvis, 'backend', 2_000, 50);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const snapshot = jarvis.jarvis.aggregator.evaluateSignals('backend');
    expectMetric({ name: 'backend traffic measured by the gateway', value: snapshot.signals.trafficRps, unit: 'req/s', threshold: 'value>1000', target: '2000 req/sec against 1000 req/sec capacity → degraded' });
    expect(snapshot.signals.trafficRps).toBe(2_000);
    await jarvis.clock.advance(0);
    await jarvis.jarvis.aggregator.pollNow();
    const polled = jarvis.jarvis.aggregator.service('backend');
    expect(polled.status).toBe('degraded');
    expect(polled.levels.traffic).toBe('warning');
  });

  test('[UNIT-04] marks a service critical (down) at a 5 % error rate against a 0.1 % threshold', async () => {
    const jarvis = await startAll(['backend', 'producer']);
    services[0]!.set({ failEvery: 20 });
    const statuses = await proxy(jarvis, 'backend', 400, 20);
    await jarvis.advance(30_000);
    const backend = jarvis.jarvis.aggregator.service('backend');
    expect(statuses.filter((status) => status === 500)).toHaveLength(20);
    expectMetric({ name: 'backend error rate computed by JARVIS', value: backend.signals.errorRate!, unit: 'ratio', threshold: 'rate>0.001', target: '5% errors against a 0.1% threshold → critical' });
    expect(backend.signals.errorRate).toBeCloseTo(0.05, 5);
    expect(backend.levels.errors).toBe('critical');
    expect(backend.status).toBe('down');
    expect(jarvis.status('producer')).toBe('healthy');
  });

  test('[UNIT-05] marks a service critical (down) at 95 % CPU saturation against an 80 % threshold', async () => {
    const jarvis = await startAll(['producer', 'backend']);
    services[0]!.set({ report: { metrics: { cpuPercent: 95, memoryPercent: 50 } } });
    await jarvis.advance(30_000);
    const producer = jarvis.jarvis.aggregator.service('producer');
    expectMetric({ name: 'producer saturation seen by JARVIS', value: producer.signals.saturationPercent!, unit: '%', threshold: 'saturation>80', target: '95% CPU against an 80% threshold → critical' });
    expect(producer.levels.saturation).toBe('critical');
    expect(producer.status).toBe('down');
    expect(jarvis.status('backend')).toBe('healthy');
  });
});
