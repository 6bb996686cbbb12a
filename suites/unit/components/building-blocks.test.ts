import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatedClock } from '@orch/harness';
import {
  AlertManager,
  ConfigError,
  configFromEnv,
  FlapDetector,
  JarvisEvents,
  parseHealthPayload,
  realClock,
  redactUrl,
  WebhookDeliveryError,
  WebhookNotifier,
  type ServiceSnapshot,
} from '@orch/jarvis';

function snapshot(name: string, status: ServiceSnapshot['status'], flapping = false): ServiceSnapshot {
  return {
    name,
    status,
    checkedAt: 0,
    since: 0,
    reasons: [],
    signals: { latencyP95Ms: null, trafficRps: 0, errorRate: null, saturationPercent: null, cpuPercent: null, memoryPercent: null },
    levels: { latency: 'ok', traffic: 'ok', errors: 'ok', saturation: 'ok' },
    probe: null,
    breaker: 'closed',
    flapping,
    percentStateChange: 0,
    lastHeartbeatAt: null,
    consecutiveFailures: 0,
  };
}

describe('JARVIS building blocks', () => {
  test('reads its configuration from the environment and rejects a broken one with a clear error', () => {
    const config = configFromEnv({
      JWT_SECRET: 's'.repeat(40),
      JARVIS_SERVICES: JSON.stringify([{ name: 'backend', healthUrl: 'http://127.0.0.1:3001/health' }]),
      JARVIS_USERS: JSON.stringify([{ username: 'ada', password: 'pw', role: 'admin' }]),
      JARVIS_WEBHOOK_URLS: 'http://hooks.local/a, http://hooks.local/b',
      JARVIS_POLL_INTERVAL_MS: '30000',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: '4100',
    });
    expect(config).toMatchObject({
      port: 4100,
      pollIntervalMs: 30_000,
      services: [{ name: 'backend' }],
      webhookUrls: ['http://hooks.local/a', 'http://hooks.local/b'],
      rateLimit: { redis: 'redis://127.0.0.1:6379' },
    });
    expect(configFromEnv({ JWT_SECRET: 's'.repeat(40) })).toMatchObject({ port: 4000, services: [] });
    expect(configFromEnv({ JWT_SECRET: 's'.repeat(40), RATE_LIMIT_DISABLED: 'true' }).rateLimit).toBe(false);
    expect(() => configFromEnv({})).toThrow(ConfigError);
    expect(() => configFromEnv({ JWT_SECRET: 's'.repeat(40), JARVIS_SERVICES: '{not json' })).toThrow(/JARVIS_SERVICES is not valid JSON/);
    expect(() => configFromEnv({ JWT_SECRET: 's'.repeat(40), JARVIS_SERVICES: '{}' })).toThrow(/must be a JSON array/);
    expect(() => configFromEnv({ JWT_SECRET: 's'.repeat(40), PORT: 'eighty' })).toThrow(/PORT must be a non-negative number/);
  });

  test('reads health payloads leniently in naming and strictly in meaning', () => {
    expect(parseHealthPayload('')).toEqual({ kind: 'empty' });
    expect(parseHealthPayload('{}')).toEqual({ kind: 'empty' });
    expect(parseHealthPayload('[]')).toMatchObject({ kind: 'malformed' });
    expect(parseHealthPayload('{"uptime": 5}')).toMatchObject({ kind: 'malformed', message: 'health payload has no status' });
    expect(parseHealthPayload('{"status": "sideways"}')).toMatchObject({ kind: 'malformed' });
    expect(parseHealthPayload('{"status": "warn"}')).toEqual({ kind: 'ok', report: { status: 'degraded' } });
    expect(parseHealthPayload('{"status": "fail"}')).toEqual({ kind: 'ok', report: { status: 'down' } });
    expect(parseHealthPayload('{"status":"UP","signals":{"p95Ms":12,"rps":40,"errorRate":2},"saturation":{"cpu":50,"memory":61}}')).toEqual({
      kind: 'ok',
      report: { status: 'healthy', latencyP95Ms: 12, trafficRps: 40, errorRate: 1, cpuPercent: 50, memoryPercent: 61 },
    });
  });

  test('flags flapping above the high threshold and clears it only below the low one (hysteresis)', () => {
    const detector = new FlapDetector({ historySize: 21, lowThresholdPercent: 5, highThresholdPercent: 20 });
    const states = ['healthy', 'down', 'healthy', 'down', 'healthy'];
    const changes = states.map((state) => detector.record(state));
    expect(changes).toEqual([false, false, false, false, true]);
    expect(detector.flapping).toBe(true);
    let stableChecks = 0;
    while (detector.flapping) {
      detector.record('healthy');
      stableChecks += 1;
      if (detector.percentStateChange >= 5) expect(detector.flapping).toBe(true);
    }
    // The four changes must age out of the 21-check window before the flag drops.
    expect(stableChecks).toBeGreaterThanOrEqual(16);
  });

  test('fires only after `for`, keeps one alert per episode and records webhook delivery failures', async () => {
    const failing = http.createServer((_request, response) => response.writeHead(500).end());
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const clock = new SimulatedClock(0);
    const events = new JarvisEvents();
    const errors: string[] = [];
    const manager = new AlertManager({
      clock,
      events,
      notifiers: [
        new WebhookNotifier({ url: `http://127.0.0.1:${(failing.address() as AddressInfo).port}/hook` }),
        new WebhookNotifier({ url: 'http://127.0.0.1:1/closed', name: 'dead' }),
      ],
      onDeliveryError: (notifier, error) => errors.push(`${notifier}: ${error instanceof WebhookDeliveryError}`),
    });
    try {
      manager.evaluate(snapshot('backend', 'down'), 0);
      expect(manager.pending()).toHaveLength(1);
      manager.evaluate(snapshot('backend', 'healthy'), 5_000);
      expect(manager.pending()).toHaveLength(0);
      manager.evaluate(snapshot('backend', 'down'), 10_000);
      manager.evaluate(snapshot('backend', 'down'), 20_000);
      expect(manager.firing().map((alert) => alert.rule)).toEqual(['ServiceDown']);
      manager.evaluate(snapshot('backend', 'down', true), 30_000);
      expect(manager.firing()).toHaveLength(1);
      expect(manager.firing()[0]!.labels.flapping).toBe('true');
      await manager.flush();
      expect(manager.deliveryLog().map((delivery) => [delivery.notifier, delivery.ok])).toEqual(
        expect.arrayContaining([
          ['webhook', false],
          ['dead', false],
        ]),
      );
      expect(errors.sort()).toEqual(['dead: true', 'webhook: true']);
    } finally {
      await manager.close();
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
  });

  test('runs real timers on the real clock and hides credentials in URLs', async () => {
    const fired = await new Promise<number>((resolve) => realClock.setTimeout(() => resolve(realClock.now()), 1));
    expect(fired).toBeGreaterThan(0);
    let ticks = 0;
    await new Promise<void>((resolve) => {
      const handle = realClock.setInterval(() => {
        ticks += 1;
        if (ticks === 2) {
          handle.cancel();
          resolve();
        }
      }, 1);
    });
    expect(ticks).toBe(2);
    expect(redactUrl('http://user:pw@host:1/path?token=abc')).toBe('http://***@host:1/path?***');
    expect(redactUrl('not a url')).toBe('***');
    expect(() => new WebhookNotifier({ url: 'not a url' })).toThrow();
  });
});
