import * as path from 'node:path';
import { expectMetric, freePort, recordMetric, waitUntil } from '@orch/harness';
import { ChildProcessSupervisor, InMemoryActionLog, InMemoryScaler } from '@orch/jarvis';
import { FakeService } from '../support/fake-service';
import { JarvisDriver } from '../support/jarvis-driver';

const TINY_SERVICE = path.join(__dirname, '..', 'support', 'tiny-service.cjs');

describe('Auto-recovery', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  test('[UNIT-08] escalates to a human after 3 failed restart attempts: a process that exits at start is a failed restart, not a recovery', async () => {
    const port = await freePort();
    const jarvis = await JarvisDriver.start({
      services: [
        { name: 'backend', healthUrl: `http://127.0.0.1:${port}/health`, process: { command: process.execPath, args: [TINY_SERVICE], env: { PORT: String(port), MODE: 'crash' } } },
      ],
    });
    cleanups.push(() => jarvis.close());
    jarvis.booting.add('backend');
    const escalations: number[] = [];
    jarvis.jarvis.events.on('escalation', (event) => escalations.push(event.at));
    const downSince = jarvis.clock.now();
    const escalatedAt = await jarvis.advanceUntil(() => escalations.length > 0, 10 * 60_000);
    const log = jarvis.jarvis.actionLog.list({ service: 'backend' });
    expect(log.map((record) => `${record.action}:${record.phase}:${record.attempt}`)).toEqual([
      'restart:started:1',
      'restart:failed:1',
      'restart:started:2',
      'restart:failed:2',
      'restart:started:3',
      'restart:failed:3',
      'escalate:succeeded:3',
    ]);
    for (const failed of log.filter((record) => record.phase === 'failed')) expect(String(failed.detail.error)).toMatch(/exited after the restart \(code 1\)/);
    const restarts = log.filter((record) => record.action === 'restart' && record.phase === 'started');
    expectMetric({
      name: 'failed restart attempts before human escalation',
      value: restarts.length,
      unit: 'count',
      threshold: 'count==3',
      target: 'Max 3 retry attempts before human escalation',
    });
    recordMetric({ name: 'time from outage to human escalation', value: (escalatedAt - downSince) / 1000, unit: 's' });
    expectMetric({
      name: 'time from outage to the first restart attempt',
      value: (restarts[0]!.at - downSince) / 1000,
      unit: 's',
      threshold: 'value<=300',
      target: 'Auto-recovery attempts within 5 minutes',
    });
    // No fourth attempt afterwards.
    await jarvis.advance(5 * 60_000);
    expect(jarvis.jarvis.actionLog.list({ action: 'restart' }).filter((record) => record.phase === 'started')).toHaveLength(3);
    expect(jarvis.jarvis.recovery.escalated('backend')).toBe(true);
  });

  test('[UNIT-08] scales a saturated service up (in-memory scaler) instead of restarting it', async () => {
    const producer = await FakeService.start('producer');
    cleanups.push(() => producer.stop());
    const scaler = new InMemoryScaler(2);
    const jarvis = await JarvisDriver.start({ services: [{ name: 'producer', healthUrl: producer.healthUrl }], scaler });
    cleanups.push(() => jarvis.close());
    const saturatedAt = jarvis.clock.now();
    producer.set({ report: { metrics: { cpuPercent: 95 } } });
    const scaledAt = await jarvis.advanceUntil(() => scaler.replicas('producer') === 3, 5 * 60_000);
    expectMetric({
      name: 'time from saturation to scale-up',
      value: scaledAt - saturatedAt,
      unit: 'ms',
      threshold: 'value<=300000',
      target: 'Automated recovery happens in 1-5 minutes (scale resources)',
    });
    expect(scaler.history).toEqual([{ service: 'producer', from: 2, to: 3 }]);
    // Cool-down: no second step within 5 minutes even though it stays saturated.
    await jarvis.advance(2 * 60_000);
    expect(scaler.replicas('producer')).toBe(3);
    expect(jarvis.jarvis.actionLog.list({ action: 'restart' })).toHaveLength(0);
  });

  test('lets an admin restart a managed service through the gateway, recorded in the action log', async () => {
    const port = await freePort();
    const jarvis = await JarvisDriver.start({
      services: [{ name: 'backend', healthUrl: `http://127.0.0.1:${port}/health`, process: { command: process.execPath, args: [TINY_SERVICE], env: { PORT: String(port) } } }],
      startManagedProcesses: true,
    });
    cleanups.push(() => jarvis.close());
    const before = jarvis.jarvis.supervisor.info('backend')!.pid;
    const admin = { authorization: `Bearer ${await jarvis.token('ada')}` };
    jarvis.booting.add('backend');
    // The restart answers once the new process is verified healthy; the clock moves meanwhile.
    const answer = jarvis.app.inject({ method: 'POST', url: '/api/recovery/backend/restart', headers: admin, payload: { reason: 'deploy hotfix' } });
    let answered = false;
    void answer.then(() => (answered = true));
    await jarvis.advanceUntil(() => answered, 60_000);
    const response = await answer;
    expect(response.statusCode).toBe(200);
    const after = jarvis.jarvis.supervisor.info('backend')!;
    expect(after.pid).not.toBe(before);
    expect(response.json()).toMatchObject({ action: { action: 'restart', phase: 'succeeded', attempt: 1, detail: { pid: after.pid } } });
    const listed = (await jarvis.app.inject({ method: 'GET', url: '/api/recovery/actions?service=backend', headers: admin })).json() as {
      actions: Array<{ phase: string; detail: { reason?: string } }>;
    };
    expect(listed.actions.map((action) => action.phase)).toEqual(['started', 'succeeded']);
    expect(jarvis.status('backend')).toBe('healthy');
    expect(listed.actions[0]!.detail.reason).toBe('deploy hotfix');
  });

  test('stops acting when the kill switch is off, and keeps its action log append-only', async () => {
    const backend = await FakeService.start('backend');
    cleanups.push(() => backend.stop());
    let enabled = false;
    const actionLog = new InMemoryActionLog();
    const jarvis = await JarvisDriver.start({ services: [{ name: 'backend', healthUrl: backend.healthUrl }], actionLog, recovery: { enabled: () => enabled } });
    cleanups.push(() => jarvis.close());
    await backend.stop();
    await jarvis.advance(3 * 60_000);
    expect(jarvis.status('backend')).toBe('down');
    expect(actionLog.list()).toHaveLength(0);
    enabled = true;
    await jarvis.advance(60_000);
    expect(actionLog.list().map((record) => record.action)).toEqual(['escalate']);
    const records = actionLog.list();
    expect(() => (records as unknown as unknown[]).push({})).toThrow();
    expect(() => Object.assign(records[0]!, { action: 'restart' })).toThrow();
    expect(records[0]!.sequence).toBe(1);
  });

  test('measures a local process CPU and memory through the child-process supervisor', async () => {
    const port = await freePort();
    const supervisor = new ChildProcessSupervisor({ processes: { busy: { command: process.execPath, args: [TINY_SERVICE], env: { PORT: String(port), MODE: 'busy' } } } });
    cleanups.push(() => supervisor.close());
    const exits: number[] = [];
    supervisor.on('exit', (exit) => exits.push(exit.pid));
    const info = await supervisor.start('busy');
    expect(info.running).toBe(true);
    expect(supervisor.usage('busy')?.cpuPercent).toBeNull();
    const usage = await waitUntil(
      async () => {
        const sample = supervisor.usage('busy');
        return sample?.cpuPercent !== null && sample?.cpuPercent !== undefined ? sample : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 250, what: 'two CPU samples a second apart' },
    );
    recordMetric({ name: 'CPU share of a busy child process measured from /proc', value: usage.cpuPercent!, unit: '%' });
    expect(usage.cpuPercent!).toBeGreaterThan(20);
    expect(usage.memoryPercent).toBeGreaterThan(0);
    const restarted = await supervisor.restart('busy');
    expect(restarted.pid).not.toBe(info.pid);
    expect(restarted.restarts).toBe(1);
    expect(exits).toEqual([info.pid]);
    // The service handles SIGTERM by closing its server and exiting cleanly.
    expect(supervisor.info('busy')!.exits[0]).toMatchObject({ pid: info.pid, code: 0 });
    expect(supervisor.output('busy')).toBe('');
    const stopped = await supervisor.stop('busy');
    expect(stopped?.pid).toBe(restarted.pid);
    expect(await supervisor.stop('busy')).toBeUndefined();
    expect(() => supervisor.usage('nope')).not.toThrow();
    await expect(supervisor.start('nope')).rejects.toMatchObject({ code: 'RECOVERY_UNAVAILABLE' });
  });
});
