import * as fs from 'node:fs';
import * as path from 'node:path';
import { flushPromises, freePort, SimulatedClock, waitUntil } from '@orch/harness';
import { buildApp, configFromEnv, type AutonomyStatus, type MonitoredService } from '@orch/jarvis';
import { makeTempDir } from './support/temp-dir';

const JWT_SECRET = 'autonomous-suite-secret-that-is-long-enough-012345';
const USERS = [{ username: 'ada', password: 'admin-password-1', role: 'admin' as const }];
const INTERVAL_MS = 30_000;

async function managedServices(directory: string, names: string[]): Promise<MonitoredService[]> {
  return Promise.all(
    names.map(async (name) => {
      const port = await freePort();
      return {
        name,
        healthUrl: `http://127.0.0.1:${port}/health`,
        process: {
          command: process.execPath,
          args: [path.join(__dirname, 'support', 'managed-service.cjs')],
          env: { PORT: String(port), NAME: name, MODE_FILE: path.join(directory, `${name}.mode`) },
        },
      };
    }),
  );
}

describe('the JARVIS process runs the control loop itself (JARVIS_AUTONOMY_LOOP=true)', () => {
  const temp = makeTempDir('jarvis-loop');
  const clock = new SimulatedClock(Date.UTC(2026, 10, 2, 12));
  const logFile = path.join(temp.path, 'services.log');
  let app: Awaited<ReturnType<typeof buildApp>>;
  let services: MonitoredService[];
  let headers: { authorization: string };

  const loopStatus = async (): Promise<AutonomyStatus> => (await app.inject({ method: 'GET', url: '/api/admin/autonomy/loop', headers })).json<{ loop: AutonomyStatus }>().loop;
  // Simulated time; after each timer, the iteration it started finishes its real work first.
  const advance = (ms: number) =>
    clock.advance(ms, async () => {
      await flushPromises(1);
      await app.jarvis.autonomy!.loop.idle();
    });

  beforeAll(async () => {
    fs.writeFileSync(logFile, '');
    services = await managedServices(temp.path, ['api', 'producer']);
    // The configuration a deployment gives main.ts, read by the same function.
    const config = configFromEnv({
      JWT_SECRET,
      JARVIS_USERS: JSON.stringify(USERS),
      JARVIS_SERVICES: JSON.stringify(services),
      JARVIS_START_PROCESSES: 'true',
      JARVIS_AUTONOMY_LOOP: 'true',
      JARVIS_LOG_FILES: logFile,
      JARVIS_LEARNING_DB: path.join(temp.path, 'learning.db'),
      RATE_LIMIT_DISABLED: 'true',
      // The aggregator's own polling (and the restarts it may order) is another suite's subject;
      // on a simulated clock that jumps 30 s at a time, its in-flight probes would time out, so it
      // polls once at start and then only after a simulated day.
      JARVIS_POLL_INTERVAL_MS: String(24 * 3_600_000),
    });
    app = await buildApp({ ...config, clock, logger: { level: 'silent' }, autonomous: true });
    // JARVIS starts its processes, its polling and the loop when the app is ready.
    await app.ready();
    for (const service of services)
      await waitUntil(async () => (await fetch(service.healthUrl).catch(() => undefined))?.ok === true, { timeoutMs: 15_000, what: `${service.name} healthy` });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ada', password: USERS[0]!.password } });
    headers = { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` };
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    temp.remove();
  });

  test('[AUTO-01] [AUTO-04] every 30 s it checks health, processes, logs and memory, and remembers what it saw', async () => {
    expect(await loopStatus()).toMatchObject({ running: true, intervalMs: INTERVAL_MS, iterations: 0, lastIteration: null });
    await advance(INTERVAL_MS);
    fs.appendFileSync(logFile, 'info request served\nERROR upstream timeout\n');
    await advance(INTERVAL_MS);
    // Iteration 1 read the two new lines, one of them an error.
    expect((await loopStatus()).lastState!.logs).toMatchObject({ newLines: 2, errorLines: 1, lastError: 'ERROR upstream timeout' });
    await advance(INTERVAL_MS);
    const status = await loopStatus();
    expect(status).toMatchObject({ iterations: 3, late: 0, overlaps: 0, errors: 0, learningEvents: 3 * services.length });
    expect(status.lastIteration).toMatchObject({ index: 2, paused: false, startedAt: new Date(clock.now()).toISOString() });
    const state = status.lastState!;
    expect(Object.keys(state.health).sort()).toEqual(['api', 'producer']);
    expect(Object.values(state.health).every((health) => health.healthy)).toBe(true);
    for (const service of services) expect(state.services[service.name]).toMatchObject({ running: true, pid: expect.any(Number) });
    expect(state.memory.rssMb).toBeGreaterThan(0);
    // Iteration 2 found nothing new: the watcher reads from where it stopped.
    expect(state.logs).toMatchObject({ newLines: 0, errorLines: 0 });
    const store = app.jarvis.autonomy!.store!;
    expect(store.count()).toBe(3 * services.length);
  });

  test('[AUTO-12] with the kill switch off, iterations go on observing and are recorded as paused', async () => {
    const off = await app.inject({ method: 'PUT', url: '/api/admin/autonomy', headers, payload: { enabled: false, reason: 'maintenance' } });
    expect(off.statusCode).toBe(200);
    await advance(INTERVAL_MS);
    const status = await loopStatus();
    expect(status.lastIteration).toMatchObject({ paused: true, actions: 0 });
    expect(status.learningEvents).toBe(status.iterations * services.length);
  });

  test('[AUTO-04] closing JARVIS stops the loop and the processes it started', async () => {
    const pids = services.map((service) => app.jarvis.supervisor.info(service.name)!.pid!);
    await app.close();
    expect(app.jarvis.autonomy!.status().running).toBe(false);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});

test('[AUTO-04] a JARVIS started without the loop says so with a 404 and its code', async () => {
  const app = await buildApp({ jwtSecret: JWT_SECRET, users: USERS, rateLimit: false, logger: { level: 'silent' }, services: [], autoStart: false });
  try {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ada', password: USERS[0]!.password } });
    const response = await app.inject({
      method: 'GET',
      url: '/api/admin/autonomy/loop',
      headers: { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'AUTONOMY_NOT_CONFIGURED' } });
  } finally {
    await app.close();
  }
});
