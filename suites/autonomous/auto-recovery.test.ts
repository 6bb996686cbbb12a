import * as path from 'node:path';
import nock from 'nock';
import { expectMetric, recordMetric, SimulatedClock } from '@orch/harness';
import { AutonomousOperator, AutoRecovery, EmailClient, HumanEscalation, RetryLedger, type RecoveryStep } from '@orch/jarvis';
import { safetyRig } from './support/safety-rig';
import { ServiceFleet } from './support/service-fleet';
import { makeTempDir } from './support/temp-dir';

const WEBHOOK = 'https://hooks.example.test';
const ITERATION_MS = 30_000;

/** JARVIS's recovery side, built the way the control loop runs it, with the human channels on nock. */
function buildJarvis(clock: SimulatedClock, fleet: ServiceFleet, directory: string, dependencies: Record<string, string[]> = {}) {
  const { audit, guard } = safetyRig(clock, directory);
  const escalation = new HumanEscalation({
    webhookUrl: `${WEBHOOK}/jarvis`,
    email: { client: new EmailClient({ apiKey: 'SG.test', from: 'jarvis@example.test' }), to: 'oncall@example.test' },
  });
  const recovery = new AutoRecovery({
    clock,
    supervisor: fleet.supervisor,
    isHealthy: fleet.isHealthy,
    ledger: new RetryLedger(path.join(directory, 'retries.json')),
    guard,
    escalation,
    dependencies,
    verify: { timeoutMs: 3_000, stableMs: 400 },
  });
  const operator = new AutonomousOperator({ clock, probes: fleet.probes(), supervisor: fleet.supervisor, recovery });
  return { audit, recovery, escalation, operator };
}

describe('auto-recovery with retry limits', () => {
  const temp = makeTempDir('recovery');
  let fleet: ServiceFleet;
  let clock: SimulatedClock;
  let index = 0;

  async function iteration(operator: AutonomousOperator, recovery: AutoRecovery): Promise<RecoveryStep[]> {
    await clock.advance(ITERATION_MS);
    const before = recovery.steps.length;
    await operator.iterate({ index: index++, scheduledAt: clock.now(), automationEnabled: true });
    return recovery.steps.slice(before);
  }

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    clock = new SimulatedClock(Date.UTC(2026, 10, 2, 9));
    fleet = await ServiceFleet.start(['database', 'api', 'producer'], temp.path);
  }, 30_000);

  afterEach(async () => {
    nock.cleanAll();
    for (const name of fleet.names) {
      fleet.setMode(name, 'ok');
      if (!fleet.supervisor.info(name)?.running) await fleet.supervisor.start(name);
      await fleet.waitHealthy(name);
    }
  });

  afterAll(async () => {
    await fleet.close();
    nock.enableNetConnect();
    nock.restore();
    temp.remove();
  });

  test('[AUTO-06][AUTO-07][AUTO-08][AUTO-09] a crash gets restart attempts 1, 2, 3, then one human escalation by webhook and e-mail', async () => {
    const directory = path.join(temp.path, 'limits');
    const jarvis = buildJarvis(clock, fleet, directory);
    const webhook = nock(WEBHOOK)
      .post('/jarvis', (body: { type: string; service: string; attempts: number }) => body.type === 'escalation' && body.service === 'api' && body.attempts === 3)
      .reply(200);
    const mail = nock('https://api.sendgrid.com')
      .post('/v3/mail/send', (body: { subject: string }) => body.subject.includes('api needs a human'))
      .reply(202);
    fleet.setMode('api', 'crash');
    await fleet.crash('api');
    const first = await iteration(jarvis.operator, jarvis.recovery);
    expect(first.map((s) => [s.service, s.kind, s.attempt])).toEqual([['api', 'restart-failed', 1]]);
    const second = await iteration(jarvis.operator, jarvis.recovery);
    expect(second.map((s) => [s.kind, s.attempt])).toEqual([['restart-failed', 2]]);
    const third = await iteration(jarvis.operator, jarvis.recovery);
    expect(third.map((s) => [s.kind, s.attempt])).toEqual([
      ['restart-failed', 3],
      ['escalated', 3],
    ]);
    // Escalated: later iterations wait for a human instead of restarting again.
    const fourth = await iteration(jarvis.operator, jarvis.recovery);
    expect(fourth.map((s) => s.kind)).toEqual(['awaiting-human']);
    expect(webhook.isDone() && mail.isDone()).toBe(true);
    expect(jarvis.escalation.sent).toHaveLength(1);
    expect(jarvis.escalation.sent[0]!.channels).toEqual(['webhook', 'email']);
    const restarts = jarvis.audit.entries().filter((entry) => entry.operation === 'restart-service' && entry.outcome === 'started');
    expectMetric({
      name: 'restart attempts before human escalation',
      unit: 'attempts',
      threshold: 'count==3',
      value: restarts.length,
      target: 'After 3 failures → Human escalation triggered',
      scenario: 'AUTO-09',
      details: { escalationChannels: jarvis.escalation.sent[0]!.channels, iterationsWaitingAfterEscalation: 1 },
    });
    expect(jarvis.audit.verify().ok).toBe(true);
  }, 30_000);

  test('[AUTO-10] a verified recovery resets the retry count, and a spawn that dies is not counted as recovered', async () => {
    const { operator, recovery } = buildJarvis(clock, fleet, path.join(temp.path, 'reset'));
    // A spawn that answers once and dies 150 ms later is a failed attempt, not a success.
    fleet.setMode('api', 'die-soon');
    await fleet.crash('api');
    const flaky = await iteration(operator, recovery);
    expect(flaky.map((s) => [s.kind, s.attempt])).toEqual([['restart-failed', 1]]);
    expect(flaky[0]!.reason).toMatch(/did not stay up|exited/);
    fleet.setMode('api', 'ok');
    const started = performance.now();
    const fixed = await iteration(operator, recovery);
    const restartToHealthyMs = performance.now() - started;
    expect(fixed.map((s) => [s.kind, s.attempt])).toEqual([['restarted', 2]]);
    expect(await fleet.isHealthy('api')).toBe(true);
    // The next outage starts from attempt 1 again.
    await fleet.crash('api');
    const again = await iteration(operator, recovery);
    expect(again.map((s) => [s.kind, s.attempt])).toEqual([['restarted', 1]]);
    recordMetric({
      name: 'verified restart (restart, healthy, stable 400 ms) real time',
      unit: 'ms',
      value: restartToHealthyMs,
      details: { note: 'includes the 400 ms stay-up check' },
    });
  }, 30_000);

  test('[AUTO-10] the retry count survives a JARVIS restart', async () => {
    const directory = path.join(temp.path, 'persist');
    const before = buildJarvis(clock, fleet, directory);
    nock(WEBHOOK).post('/jarvis').reply(200);
    nock('https://api.sendgrid.com').post('/v3/mail/send').reply(202);
    fleet.setMode('producer', 'crash');
    await fleet.crash('producer');
    await iteration(before.operator, before.recovery);
    await iteration(before.operator, before.recovery);
    before.audit.close();
    // JARVIS restarts: new objects, the same files.
    const after = buildJarvis(clock, fleet, directory);
    const steps = await iteration(after.operator, after.recovery);
    expect(steps.map((s) => [s.kind, s.attempt])).toEqual([
      ['restart-failed', 3],
      ['escalated', 3],
    ]);
    expect(after.audit.verify()).toMatchObject({ ok: true });
  }, 30_000);

  test('[AUTO-11] all services down: restarted in dependency order, once each, no restart storm', async () => {
    const dependencies = { api: ['database'], producer: ['api', 'database'] };
    const { operator, recovery, audit } = buildJarvis(clock, fleet, path.join(temp.path, 'cascade'), dependencies);
    for (const name of ['producer', 'api', 'database']) await fleet.crash(name);
    const steps = await iteration(operator, recovery);
    expect(steps.map((s) => [s.service, s.kind])).toEqual([
      ['database', 'restarted'],
      ['api', 'restarted'],
      ['producer', 'restarted'],
    ]);
    const next = await iteration(operator, recovery);
    expect(next).toEqual([]);
    const restarts = audit.entries().filter((entry) => entry.operation === 'restart-service' && entry.outcome === 'started').length;
    recordMetric({ name: 'restarts to recover a full cascade (3 services)', unit: 'count', value: restarts, details: { order: steps.map((s) => s.service) } });
    expect(restarts).toBe(3);
  }, 30_000);

  test('[AUTO-11] while a dependency cannot come back, its dependents wait and only it uses attempts', async () => {
    const dependencies = { api: ['database'], producer: ['api', 'database'] };
    const { operator, recovery, audit } = buildJarvis(clock, fleet, path.join(temp.path, 'cascade-stuck'), dependencies);
    nock(WEBHOOK).post('/jarvis').reply(200);
    nock('https://api.sendgrid.com').post('/v3/mail/send').reply(202);
    fleet.setMode('database', 'crash');
    for (const name of ['producer', 'api', 'database']) await fleet.crash(name);
    for (let i = 0; i < 5; i += 1) await iteration(operator, recovery);
    const started = audit.entries().filter((entry) => entry.operation === 'restart-service' && entry.outcome === 'started');
    expect(started.map((entry) => entry.target)).toEqual(['database', 'database', 'database']);
    expect(recovery.steps.filter((s) => s.kind === 'escalated').map((s) => s.service)).toEqual(['database']);
    expect(recovery.steps.filter((s) => s.service !== 'database').every((s) => s.kind === 'waiting-for-dependency')).toBe(true);
    recordMetric({ name: 'restarts in 5 iterations with the root dependency down', unit: 'count', value: started.length, details: { dependentsRestarted: 0 } });
  }, 30_000);
});
