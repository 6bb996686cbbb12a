import * as path from 'node:path';
import { expectMetric, freePort, recordMetric, waitUntil } from '@orch/harness';
import { FakeService } from '../support/fake-service';
import { JarvisDriver } from '../support/jarvis-driver';
import { WebhookReceiver } from '../support/webhook-receiver';

const TINY_SERVICE = path.join(__dirname, '..', 'support', 'tiny-service.cjs');

/** Agent 1, scenario group 2: incident detection timing, measured on the SimulatedClock. */
describe('Incident detection timing', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function fakes(names: string[]): Promise<FakeService[]> {
    const started = await Promise.all(names.map((name) => FakeService.start(name)));
    cleanups.push(async () => void (await Promise.all(started.map((service) => service.stop()))));
    return started;
  }

  async function jarvisFor(options: Parameters<typeof JarvisDriver.start>[0]): Promise<JarvisDriver> {
    const driver = await JarvisDriver.start(options);
    cleanups.push(() => driver.close());
    return driver;
  }

  test('[UNIT-06] polls every service every 30 seconds and detects a crashed service in under 30 seconds', async () => {
    const [backend, producer] = await fakes(['backend', 'producer']);
    const jarvis = await jarvisFor({ services: [backend!, producer!].map((s) => ({ name: s.name, healthUrl: s.healthUrl })) });
    const start = jarvis.clock.now();
    await jarvis.advance(10 * 60_000);
    const intervals = jarvis.polls.slice(1).map((at, index) => at - jarvis.polls[index]!);
    expect(intervals).toHaveLength(20);
    expect(jarvis.polls[0]).toBe(start);
    expect(backend!.healthRequests).toBe(21);
    expectMetric({ name: 'longest interval between health polls', value: Math.max(...intervals), unit: 'ms', threshold: 'max<=30000', target: 'Health check runs every 30 seconds' });
    expectMetric({ name: 'shortest interval between health polls', value: Math.min(...intervals), unit: 'ms', threshold: 'min>=30000', target: 'Health check runs every 30 seconds' });

    // The crash lands 1 s after a poll: the worst phase short of a crash exactly at a poll.
    await jarvis.advance(1_000);
    const crashedAt = jarvis.clock.now();
    await backend!.stop();
    const detectedAt = await jarvis.advanceUntil(() => jarvis.status('backend') === 'down', 60_000);
    expectMetric({ name: 'crash detection time', value: detectedAt - crashedAt, unit: 'ms', threshold: 'value<30000', target: 'Production incidents must be detected in <30 seconds' });
    expect(jarvis.status('producer')).toBe('healthy');
  });

  test.each([
    ['crashes (connection refused)', 'crash'],
    ['hangs (probe times out after 5 s)', 'hang'],
  ])('[UNIT-07] fires an alert within 60 seconds of a failure when the service %s, delivered once to the webhook', async (_label, kind) => {
    const [backend, producer] = await fakes(['backend', 'producer']);
    const receiver = await WebhookReceiver.start();
    cleanups.push(() => receiver.close());
    const jarvis = await jarvisFor({ services: [backend!, producer!].map((s) => ({ name: s.name, healthUrl: s.healthUrl })), webhookUrls: [receiver.url] });
    await jarvis.advance(30_000 + 1_000);
    const failedAt = jarvis.clock.now();
    if (kind === 'crash') await backend!.stop();
    else {
      backend!.set({ mode: 'hang' });
      jarvis.hanging.add('backend');
    }
    const firedAt = await jarvis.advanceUntil(() => jarvis.alerts.some((event) => event.state === 'firing' && event.alert.service === 'backend'), 120_000);
    await waitUntil(async () => receiver.received.length > 0, { timeoutMs: 5_000, what: 'webhook delivery' });
    // Only the backend's notifications are this test's subject: the producer is a real HTTP server
    // whose real latency, on a loaded machine, can cross 100 ms and raise its own degraded alert.
    const backendNotifications = (): typeof receiver.received => receiver.received.filter((notification) => notification.alert.service === 'backend');
    const alert = jarvis.alerts.find((event) => event.state === 'firing' && event.alert.service === 'backend')!.alert;
    expect(alert.rule).toBe('ServiceDown');
    expect(alert.firedAt).toBe(firedAt);
    expectMetric({ name: `alert latency after the service ${kind === 'crash' ? 'crashed' : 'hung'}`, value: firedAt - failedAt, unit: 'ms', threshold: 'value<=60000', target: 'Alert fires within 60 seconds of failure' });
    expect(backendNotifications()[0]).toMatchObject({ status: 'firing', alert: { rule: 'ServiceDown', service: 'backend' } });

    // Still down for five more minutes: deduplicated, no second notification.
    await jarvis.advance(5 * 60_000);
    expect(backendNotifications().filter((notification) => notification.status === 'firing')).toHaveLength(1);

    // Back up: resolved once.
    if (kind === 'hang') {
      backend!.set({ mode: 'healthy' });
      jarvis.hanging.delete('backend');
      await jarvis.advance(5_000);
    } else {
      await jarvis.close();
      return;
    }
    const resolvedAt = await jarvis.advanceUntil(() => jarvis.alerts.some((event) => event.state === 'resolved' && event.alert.service === 'backend'), 5 * 60_000);
    await waitUntil(async () => backendNotifications().some((notification) => notification.status === 'resolved'), { timeoutMs: 5_000, what: 'resolved notification' });
    recordMetric({ name: 'alert resolution after recovery (keep-firing window 60 s)', value: resolvedAt - failedAt, unit: 'ms' });
    expect(backendNotifications().map((notification) => notification.status)).toEqual(['firing', 'resolved']);
    // The backend's outage never took the producer down with it.
    expect(jarvis.status('producer')).not.toBe('down');
  });

  test('[UNIT-08] restarts a crashed service process within 5 minutes and sees it healthy again', async () => {
    const port = await freePort();
    const jarvis = await jarvisFor({
      services: [{ name: 'backend', healthUrl: `http://127.0.0.1:${port}/health`, process: { command: process.execPath, args: [TINY_SERVICE], env: { PORT: String(port) } } }],
      startManagedProcesses: true,
    });
    await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, { timeoutMs: 10_000, what: 'tiny service to listen' });
    await jarvis.advance(30_000);
    expect(jarvis.status('backend')).toBe('healthy');
    const firstPid = jarvis.jarvis.supervisor.info('backend')!.pid!;

    await jarvis.advance(1_000);
    const crashedAt = jarvis.clock.now();
    process.kill(firstPid, 'SIGKILL');
    await waitUntil(async () => !jarvis.jarvis.supervisor.info('backend')!.running, { timeoutMs: 5_000, what: 'the killed process to exit' });

    const actedAt = await jarvis.advanceUntil(() => jarvis.recoveries.some((event) => event.phase === 'succeeded' && event.action === 'restart'), 5 * 60_000);
    const restarted = jarvis.jarvis.supervisor.info('backend')!;
    expect(restarted.pid).not.toBe(firstPid);
    const realRestart = Date.now();
    await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, { timeoutMs: 10_000, what: 'restarted service to listen' });
    recordMetric({ name: 'real time from restart to listening', value: Date.now() - realRestart, unit: 'ms' });
    const healthyAt = await jarvis.advanceUntil(() => jarvis.status('backend') === 'healthy', 5 * 60_000);

    expectMetric({ name: 'time from crash to recovery action', value: actedAt - crashedAt, unit: 'ms', threshold: 'value<=300000', target: 'Auto-recovery attempts within 5 minutes' });
    expectMetric({ name: 'time from crash to healthy again', value: healthyAt - crashedAt, unit: 'ms', threshold: 'value<=300000', target: 'Automated recovery happens in 1-5 minutes' });
    const log = jarvis.jarvis.actionLog.list({ service: 'backend' });
    expect(log.map((record) => `${record.action}:${record.phase}`)).toEqual(['restart:started', 'restart:succeeded']);
    expect(log[1]!.detail.pid).toBe(restarted.pid);
    expect(jarvis.jarvis.recovery.attempts('backend')).toBe(0);
  });
});
