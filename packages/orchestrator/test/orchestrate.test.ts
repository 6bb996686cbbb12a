import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { startServices } from '@orch/harness';
import type { Report } from '@orch/golden-signals-reporter';
import { jestAgentCommand, orchestrate, type OrchestrateResult, type SharedState } from '../src';

const fixture = path.join(__dirname, 'fixtures', 'projects', 'tiny');
const planFixture = path.join(__dirname, 'fixtures', 'projects', 'plan');

/** A pid counts as gone once it no longer exists or is a zombie waiting for a reaper. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The parent Jest's own variables would make the child Jest think it is a worker. */
function childEnvironment(markerDirectory: string): NodeJS.ProcessEnv {
  const environment = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('JEST_') && !key.startsWith('ORCH_')));
  return { ...environment, FIXTURE_MARKER_DIR: markerDirectory };
}

describe('orchestrate end to end on a fixture project', () => {
  let directory: string;
  let output: string;
  let result: OrchestrateResult;
  let markers: { jestPid: number; grandchildPid: number };
  let killedPid: number;

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-e2e-'));
    const stateDirectory = path.join(directory, '.orchestrator');
    const stream = new PassThrough();
    output = '';
    stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const running = orchestrate({
      repoRoot: fixture,
      agents: ['unit', 'integration', 'cloud'],
      concurrency: 3,
      profile: 'ci',
      matrixFile: path.join(fixture, 'user-case-matrix.json'),
      suitesDirectory: fixture,
      stateDirectory,
      reportsDirectory: path.join(directory, 'reports'),
      commandBuilder: jestAgentCommand({ cwd: fixture, baseConfig: path.join(fixture, 'jest.config.cjs') }),
      startServices: false,
      output: stream,
      tty: false,
      environment: childEnvironment(directory),
    });
    markers = await waitFor(() => readJson<typeof markers>(path.join(directory, 'hang-started.json')), 'the hanging test to start');
    const state = await waitFor(() => readJson<SharedState>(path.join(stateDirectory, 'coordination', 'shared-state.json'))?.agents.cloud?.pid, 'the cloud agent pid');
    killedPid = state;
    process.kill(killedPid, 'SIGKILL');
    result = await running;
  }, 30_000);

  afterAll(() => {
    // Belt and braces: never leave the fixture's grandchild behind, even if an assertion failed.
    for (const pid of [markers?.grandchildPid, killedPid]) {
      if (pid && isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('classifies the passing, failing and SIGKILLed agents and exits 1', () => {
    expect(result.exitCode).toBe(1);
    expect(result.outcomes.map(({ agent, status, signal }) => ({ agent, status, signal }))).toEqual([
      { agent: 'unit', status: 'passed', signal: null },
      { agent: 'integration', status: 'failed', signal: null },
      { agent: 'cloud', status: 'crashed', signal: 'SIGKILL' },
    ]);
    expect(result.outcomes[0]!.progress.tests).toEqual({ done: 2, total: 2, failed: 0 });
  });

  it('leaves no process of the run alive', () => {
    expect(markers.jestPid).toBe(killedPid);
    const pids = [...result.outcomes.map((outcome) => outcome.pid!), markers.grandchildPid];
    expect(pids.filter(isRunning)).toEqual([]);
  });

  it('diagnoses the failing test and the crash', () => {
    const [failed, crashed] = result.diagnosis.agents;
    expect(failed).toMatchObject({
      agent: 'integration',
      status: 'failed',
      failingTests: [{ file: 'integration/wrong-total.test.js', test: '[INT-01] computes the wrong total on purpose' }],
    });
    expect(failed!.failingTests[0]!.message).toContain('Expected: 3');
    expect(crashed).toMatchObject({ agent: 'cloud', status: 'crashed', reason: 'killed by SIGKILL', signal: 'SIGKILL' });
    expect(fs.readFileSync(path.join(directory, '.orchestrator', 'runs', 'cloud', 'stderr.log'), 'utf8').length).toBeLessThanOrEqual(4096);
    expect(readJson(path.join(directory, '.orchestrator', 'diagnosis.json'))).toMatchObject({ agents: [{ agent: 'integration' }, { agent: 'cloud' }] });
    expect(output).toContain('cloud CRASHED: killed by SIGKILL');
  });

  it('streams live progress from the progress reporter while an agent runs', () => {
    const events = fs
      .readFileSync(path.join(directory, '.orchestrator', 'runs', 'integration', 'progress.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toEqual(['run-start', 'test', 'test', 'file', 'run-complete']);
  });

  it('records the final state of every agent in shared-state.json', () => {
    const state = readJson<SharedState>(path.join(directory, '.orchestrator', 'coordination', 'shared-state.json'))!;
    expect(state.phase).toBe('done');
    expect(state.agents).toMatchObject({
      unit: { status: 'passed', exitCode: 0, tests: { done: 2, total: 2, failed: 0 } },
      integration: { status: 'failed', exitCode: 1, tests: { done: 2, total: 2, failed: 1 } },
      cloud: { status: 'crashed', signal: 'SIGKILL', pid: killedPid },
    });
  });

  it('merges the agents into one golden-signals report that names the killed agent as crashed', () => {
    const report = readJson<Report>(path.join(directory, 'reports', 'report.json'))!;
    // The report always lists the seven agents; the fixture ran three of them.
    const ran = report.agents.filter((agent) => ['unit', 'integration', 'cloud'].includes(agent.name));
    expect(ran.map(({ name, status }) => ({ name, status }))).toEqual([
      { name: 'unit', status: 'passed' },
      { name: 'integration', status: 'failed' },
      { name: 'cloud', status: 'crashed' },
    ]);
    expect(ran[2]!.error).toContain('killed by SIGKILL');
    expect(report.errors.some((error) => error.includes('agent cloud crashed'))).toBe(true);
    expect(Object.fromEntries(report.scenarios.map((scenario) => [scenario.id, scenario.status]))).toEqual({ 'UNIT-01': 'validated', 'INT-01': 'failed', 'CLOUD-01': 'not-run' });
    expect(result.reportFiles).toContain(path.join(directory, 'reports', `daily-report-${report.startedAt.slice(0, 10)}.md`));
    expect(fs.readFileSync(path.join(directory, 'reports', `daily-report-${report.startedAt.slice(0, 10)}.md`), 'utf8')).toContain('cloud');
  });

  it('writes a report naming the killed agent as crashed, and each agent JUnit file', () => {
    const summary = readJson<{ agents: Array<{ agent: string; status: string; reason?: string }> }>(path.join(directory, 'reports', 'orchestrator-summary.json'))!;
    expect(summary.agents.map(({ agent, status }) => ({ agent, status }))).toEqual([
      { agent: 'unit', status: 'passed' },
      { agent: 'integration', status: 'failed' },
      { agent: 'cloud', status: 'crashed' },
    ]);
    expect(fs.readFileSync(path.join(directory, 'reports', 'orchestrator-summary.md'), 'utf8')).toMatch(/\| cloud \| crashed \|.*killed by SIGKILL/);
    expect(fs.existsSync(path.join(directory, 'reports', 'junit', 'unit.xml'))).toBe(true);
    expect(fs.existsSync(path.join(directory, 'reports', 'junit', 'integration.xml'))).toBe(true);
  });
});

describe('orchestrate with a broken matrix', () => {
  it('names the file, runs nothing and still writes the report', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-broken-'));
    try {
      const stream = new PassThrough();
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const matrixFile = path.join(planFixture, 'broken-matrix.json');
      const result = await orchestrate({
        repoRoot: fixture,
        agents: ['unit'],
        concurrency: 1,
        profile: 'ci',
        matrixFile,
        suitesDirectory: fixture,
        stateDirectory: path.join(directory, '.orchestrator'),
        reportsDirectory: path.join(directory, 'reports'),
        commandBuilder: () => {
          throw new Error('no agent may start with a broken matrix');
        },
        startServices: false,
        output: stream,
        tty: false,
      });
      expect(result.exitCode).toBe(1);
      expect(result.outcomes).toEqual([]);
      expect(text).toContain(`user-case matrix ${matrixFile}: is not valid JSON`);
      const summary = readJson<{ errors: string[]; agents: Array<{ status: string }> }>(path.join(directory, 'reports', 'orchestrator-summary.json'))!;
      expect(summary.errors[0]).toContain(matrixFile);
      expect(summary.agents).toEqual([expect.objectContaining({ agent: 'unit', status: 'not-run' })]);
      const report = readJson<Report>(path.join(directory, 'reports', 'report.json'))!;
      expect(report.errors.filter((error) => error.startsWith(`user-case matrix ${matrixFile}: is not valid JSON`))).not.toHaveLength(0);
      expect(report.agents.find((agent) => agent.name === 'unit')).toMatchObject({ status: 'not-run', error: expect.stringContaining(matrixFile) });
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('orchestrate when interrupted', () => {
  it('kills the running agent, stops the services it started and still writes the report', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-abort-'));
    const abort = new AbortController();
    let running: Promise<OrchestrateResult> | undefined;
    try {
      running = orchestrate({
        repoRoot: fixture,
        agents: ['cloud'],
        concurrency: 1,
        profile: 'ci',
        matrixFile: path.join(fixture, 'user-case-matrix.json'),
        suitesDirectory: fixture,
        stateDirectory: path.join(directory, '.orchestrator'),
        reportsDirectory: path.join(directory, 'reports'),
        commandBuilder: jestAgentCommand({ cwd: fixture, baseConfig: path.join(fixture, 'jest.config.cjs') }),
        // A real local Redis, started by the orchestrator itself (not the one this test run shares).
        startServices: () => startServices(['redis'], { environment: {}, containerRuntime: async () => undefined }),
        output: new PassThrough().resume(),
        tty: false,
        environment: childEnvironment(directory),
        abortSignal: abort.signal,
      });
      const markers = await waitFor(
        () => readJson<{ grandchildPid: number; redisUrl: string; services: string }>(path.join(directory, 'hang-started.json')),
        'the hanging test to start',
      );
      const state = readJson<SharedState>(path.join(directory, '.orchestrator', 'coordination', 'shared-state.json'))!;
      // The agent saw the orchestrator's Redis through the environment, with its description.
      expect(JSON.parse(markers.services)).toEqual([expect.objectContaining({ name: 'redis', provider: 'local', connection: { url: markers.redisUrl } })]);
      expect(await canConnect(markers.redisUrl)).toBe(true);
      abort.abort();
      const result = await running;
      expect(result.exitCode).toBe(1);
      expect(result.outcomes[0]).toMatchObject({ agent: 'cloud', status: 'crashed', reason: 'interrupted (the orchestrator was stopped) (SIGKILL)' });
      expect([state.agents.cloud!.pid!, markers.grandchildPid].filter(isRunning)).toEqual([]);
      expect(await canConnect(markers.redisUrl)).toBe(false);
      expect(readJson<{ agents: Array<{ status: string }> }>(path.join(directory, 'reports', 'orchestrator-summary.json'))!.agents[0]!.status).toBe('crashed');
    } finally {
      abort.abort();
      await running?.catch(() => undefined);
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }, 30_000);
});

function canConnect(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
