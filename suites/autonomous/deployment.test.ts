import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { flushPromises, freePort, recordMetric, SimulatedClock } from '@orch/harness';
import { ControlLoop, DeploymentPipeline, GitWatcher, ReleaseEnvironment, type AuditTrail, type DeploymentRecord } from '@orch/jarvis';
import { safetyRig } from './support/safety-rig';
import { makeTempDir } from './support/temp-dir';

/** The release: answers /health (500 when the tree has a `broken` marker); with `needs-secret`, production exits at start. */
const SERVER = `const fs = require('node:fs');
const http = require('node:http');
const version = JSON.parse(fs.readFileSync('version.json', 'utf8')).version;
if (process.env.DEPLOY_ENV === 'production' && fs.existsSync('needs-secret') && !process.env.PAYMENTS_SECRET) {
  console.error('fatal: PAYMENTS_SECRET is not set in production');
  process.exit(1);
}
const healthy = !fs.existsSync('broken');
http.createServer((request, response) => {
  response.writeHead(request.url === '/health' && !healthy ? 500 : 200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ status: healthy ? 'ok' : 'failing', version, env: process.env.DEPLOY_ENV }));
}).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

describe('autonomous deployment from a git repository', () => {
  const temp = makeTempDir('deploy');
  let repo: string;
  const clock = new SimulatedClock(Date.UTC(2026, 10, 2, 10));
  let staging: ReleaseEnvironment;
  let production: ReleaseEnvironment;
  let pipeline: DeploymentPipeline;
  let loop: ControlLoop;
  let audit: AuditTrail;

  const git = (...args: string[]): string => execFileSync('git', ['-C', repo, '-c', 'user.name=Dev', '-c', 'user.email=dev@example.test', ...args], { encoding: 'utf8' }).trim();
  function commit(version: string, files: Record<string, string | null> = {}): string {
    fs.writeFileSync(path.join(repo, 'version.json'), JSON.stringify({ version }));
    for (const [name, content] of Object.entries(files)) {
      if (content === null) fs.rmSync(path.join(repo, name), { force: true });
      else fs.writeFileSync(path.join(repo, name), content);
    }
    git('add', '-A');
    git('commit', '-q', '-m', `release ${version}`);
    return git('rev-parse', 'HEAD');
  }
  const version = async (environment: ReleaseEnvironment): Promise<string> => ((await (await fetch(`${environment.url}/`)).json()) as { version: string }).version;

  /** Lets the control loop run one iteration (30 s) and returns what it deployed. */
  async function nextIteration(): Promise<DeploymentRecord | undefined> {
    const before = pipeline.history.length;
    await clock.advance(30_000, async () => {
      await flushPromises(1);
      await loop.idle();
    });
    return pipeline.history[before];
  }

  beforeAll(async () => {
    repo = path.join(temp.path, 'repo');
    fs.mkdirSync(repo);
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    fs.writeFileSync(path.join(repo, 'server.js'), SERVER);
    const first = commit('1.0.0');
    const rig = safetyRig(clock, path.join(temp.path, 'jarvis'));
    audit = rig.audit;
    const releases = path.join(temp.path, 'releases');
    staging = new ReleaseEnvironment({ name: 'staging', repo, releasesDirectory: path.join(releases, 'staging'), port: await freePort() });
    production = new ReleaseEnvironment({ name: 'production', repo, releasesDirectory: path.join(releases, 'production'), port: await freePort() });
    pipeline = new DeploymentPipeline({ watcher: new GitWatcher(repo, 'main'), staging, production, guard: rig.guard, validationChecks: 3, validationSpacingMs: 100 });
    await pipeline.bootstrap(first);
    loop = new ControlLoop({ clock, iterate: async () => ({ actions: (await pipeline.tick()) ? 1 : 0 }) });
    loop.start();
  }, 30_000);

  afterAll(async () => {
    loop.stop();
    await staging.stop();
    await production.stop();
    audit.close();
    temp.remove();
  });

  test('[AUTO-22][AUTO-23][AUTO-26] a new commit goes to staging, passes its checks, reaches production, is validated and marked successful', async () => {
    expect(await nextIteration()).toBeUndefined(); // nothing new
    const sha = commit('1.1.0', { 'CHANGELOG.md': 'faster beats\n' });
    const started = performance.now();
    const record = await nextIteration();
    const seconds = (performance.now() - started) / 1000;
    expect(record).toMatchObject({ commit: sha, outcome: 'succeeded', productionAfter: sha });
    expect(record!.steps.map((step) => [step.step, step.ok])).toEqual([
      ['staging-deploy', true],
      ['staging-checks', true],
      ['production-deploy', true],
      ['post-deploy-validation', true],
      ['marked-successful', true],
    ]);
    expect(await version(staging)).toBe('1.1.0');
    expect(await version(production)).toBe('1.1.0');
    recordMetric({
      name: 'commit to validated production deploy (real time)',
      unit: 's',
      value: seconds,
      details: { commit: sha, detectedWithin: 'one 30 s control-loop iteration' },
    });
  }, 30_000);

  test('[AUTO-24] failing staging checks abort the deployment and roll staging back; production is untouched', async () => {
    const good = production.current;
    const sha = commit('1.2.0', { broken: 'yes' });
    const record = await nextIteration();
    expect(record).toMatchObject({ commit: sha, outcome: 'aborted-at-staging', productionAfter: good });
    expect(record!.steps.map((step) => [step.step, step.ok])).toEqual([
      ['staging-deploy', true],
      ['staging-checks', false],
      ['rollback-staging', true],
    ]);
    expect(staging.current).toBe(good);
    expect(await version(staging)).toBe('1.1.0');
    expect(await version(production)).toBe('1.1.0');
  }, 30_000);

  test('[AUTO-25][AUTO-14] a production deploy that fails its validation is rolled back to the previous version automatically', async () => {
    const previous = production.current;
    const sha = commit('1.3.0', { broken: null, 'needs-secret': 'PAYMENTS_SECRET' });
    const started = performance.now();
    const record = await nextIteration();
    const seconds = (performance.now() - started) / 1000;
    expect(record).toMatchObject({ commit: sha, outcome: 'rolled-back', productionAfter: previous });
    expect(record!.steps.map((step) => [step.step, step.ok])).toEqual([
      ['staging-deploy', true],
      ['staging-checks', true],
      ['production-deploy', true],
      ['post-deploy-validation', false],
      ['rollback-production', true],
    ]);
    expect(production.output).toContain('PAYMENTS_SECRET is not set');
    expect(await version(production)).toBe('1.1.0');
    expect(await production.healthy()).toBe(true);
    recordMetric({
      name: 'failed production deploy to rolled-back healthy production (real time)',
      unit: 's',
      value: seconds,
      details: { failedCommit: sha, restoredCommit: previous },
    });
  }, 30_000);

  test('[AUTO-22][AUTO-24][AUTO-25] every step of every deployment is in the audit trail', () => {
    const entries = audit.entries().filter((entry) => entry.actor === 'deployment-pipeline');
    const steps = pipeline.history.flatMap((record) =>
      record.steps.filter((step) => step.step !== 'marked-successful').map((step) => `${record.commit.slice(0, 7)}:${step.step}:${step.ok ? 'succeeded' : 'failed'}`),
    );
    const audited = entries
      .filter((entry) => entry.outcome !== 'started' && (entry.detail as { step?: string }).step !== 'marked-successful')
      .map((entry) => `${String((entry.detail as { commit: string }).commit).slice(0, 7)}:${(entry.detail as { step: string }).step}:${entry.outcome}`);
    expect(audited).toEqual(steps);
    expect(entries.filter((entry) => (entry.detail as { step?: string }).step === 'marked-successful')).toHaveLength(1);
    expect(audit.verify().ok).toBe(true);
  });
});
