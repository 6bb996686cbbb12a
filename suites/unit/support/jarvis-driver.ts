import { flushPromises, recordTarget, SimulatedClock, waitUntil } from '@orch/harness';
import { buildApp, type BuildAppOptions, type StatusChangeEvent, type AlertEvent, type RecoveryEvent } from '@orch/jarvis';

export const TEST_JWT_SECRET = 'unit-suite-secret-that-is-long-enough-0123456789';
export const USERS = [
  { username: 'ada', password: 'admin-password-1', role: 'admin' as const },
  { username: 'bob', password: 'user-password-1', role: 'user' as const },
];

type JarvisApp = Awaited<ReturnType<typeof buildApp>>;

/**
 * Runs a real JARVIS (gateway + aggregator + alerting + recovery) on a SimulatedClock. `advance`
 * moves simulated time one second at a time and, after each second, waits (in real time) for
 * the probes that second started to answer — except those of services the test made hang, whose
 * fate is decided by the clock (the 5 s probe timeout).
 */
export class JarvisDriver {
  readonly statuses: StatusChangeEvent[] = [];
  readonly alerts: AlertEvent[] = [];
  readonly recoveries: RecoveryEvent[] = [];
  readonly polls: number[] = [];
  /** Services whose probes are expected to hang until the clock times them out. */
  readonly hanging = new Set<string>();
  /**
   * Supervised services whose real process boot the simulated clock must not outrun: after each
   * step, while such a process is running, the driver waits (real time) until it answers /health.
   */
  readonly booting = new Set<string>();

  private constructor(
    readonly app: JarvisApp,
    readonly clock: SimulatedClock,
  ) {
    const events = app.jarvis.events;
    events.on('status', (event) => this.statuses.push(event));
    events.on('alert', (event) => this.alerts.push(event));
    events.on('recovery', (event) => this.recoveries.push(event));
    events.on('poll', (event) => this.polls.push(event.startedAt));
  }

  static async start(options: Partial<BuildAppOptions> & Pick<BuildAppOptions, 'services'>, clock = new SimulatedClock(Date.UTC(2026, 0, 1, 12, 0, 0))): Promise<JarvisDriver> {
    const app = await buildApp({ jwtSecret: TEST_JWT_SECRET, users: USERS, rateLimit: false, logger: { level: 'silent' }, clock, ...options });
    const driver = new JarvisDriver(app, clock);
    // The unit suite's target, for the report: the reference JARVIS, in process, on a simulated clock.
    recordTarget({ system: 'jarvis', kind: 'reference', baseUrl: 'in-process buildApp (simulated clock)' });
    await app.ready();
    await driver.settle();
    return driver;
  }

  get jarvis(): JarvisApp['jarvis'] {
    return this.app.jarvis;
  }

  status(service: string): string {
    return this.jarvis.aggregator.service(service).status;
  }

  /** Waits until every probe in flight belongs to a hanging service and recovery is idle. */
  async settle(): Promise<void> {
    for (const service of this.booting) await this.awaitBoot(service);
    await waitUntil(async () => this.jarvis.aggregator.inFlight().every((name) => this.hanging.has(name)), { timeoutMs: 15_000, intervalMs: 2, what: 'probes to answer' });
    await this.jarvis.recovery.idle();
    await this.jarvis.alerts.flush();
    await flushPromises();
  }

  private async awaitBoot(service: string): Promise<void> {
    const healthUrl = this.jarvis.aggregator.serviceConfig(service).healthUrl;
    await waitUntil(
      async () => {
        const info = this.jarvis.supervisor.info(service);
        if (!info?.running) return true;
        return (await fetch(healthUrl, { signal: AbortSignal.timeout(1_000) }).catch(() => undefined)) !== undefined;
      },
      { timeoutMs: 15_000, intervalMs: 10, what: `${service} process to answer or exit` },
    );
  }

  /** Moves simulated time forward by `ms`, one second at a time, settling after each second. */
  async advance(ms: number): Promise<void> {
    const target = this.clock.now() + ms;
    while (this.clock.now() < target) {
      await this.clock.advance(Math.min(1_000, target - this.clock.now()));
      await this.settle();
    }
  }

  /** Advances until `predicate` holds, up to `limitMs` of simulated time; returns the clock time it held. */
  async advanceUntil(predicate: () => boolean, limitMs: number): Promise<number> {
    const limit = this.clock.now() + limitMs;
    while (!predicate()) {
      if (this.clock.now() >= limit) throw new Error(`condition not met within ${limitMs} ms of simulated time`);
      await this.advance(1_000);
    }
    return this.clock.now();
  }

  async token(username = 'ada'): Promise<string> {
    const user = USERS.find((candidate) => candidate.username === username)!;
    const response = await this.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: user.password } });
    return (response.json() as { accessToken: string }).accessToken;
  }

  /**
   * Closes JARVIS. A probe hanging on a service the test made hang ends only when the simulated
   * clock reaches its timeout, so polling stops first and the clock is moved past the timeout.
   */
  async close(): Promise<void> {
    this.jarvis.aggregator.stop();
    if (this.jarvis.aggregator.inFlight().length > 0) await this.clock.advance(this.jarvis.aggregator.probeTimeoutMs);
    await this.app.close();
  }
}
