import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentPaths, classify, jestAgentCommand, parseArguments, runAgent, UsageError } from '../src';

const fixture = path.join(__dirname, 'fixtures', 'projects', 'tiny');

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

describe('runAgent', () => {
  let directory: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-agent-'));
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('kills an interrupted agent with its whole process group and reports it crashed', async () => {
    const environment = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('JEST_') && !key.startsWith('ORCH_')));
    const paths = agentPaths(path.join(directory, 'runs'), 'cloud');
    const build = jestAgentCommand({ cwd: fixture, baseConfig: path.join(fixture, 'jest.config.cjs') });
    const markerFile = path.join(directory, 'hang-started.json');
    const started = Date.now();
    // Abort only once the hanging test has started its grandchild, so the group kill is what ends it.
    const abort = new AbortController();
    const outcomePromise = runAgent({ agent: 'cloud', paths, command: build('cloud', paths, { ...environment, FIXTURE_MARKER_DIR: directory }), abortSignal: abort.signal });
    while (!fs.existsSync(markerFile) && Date.now() - started < 15_000) await new Promise((resolve) => setTimeout(resolve, 50));
    const { grandchildPid } = JSON.parse(fs.readFileSync(markerFile, 'utf8')) as { grandchildPid: number };
    expect(isRunning(grandchildPid)).toBe(true);
    abort.abort();
    const outcome = await outcomePromise;
    expect(outcome).toMatchObject({ status: 'crashed', signal: 'SIGKILL', reason: 'interrupted (the orchestrator was stopped) (SIGKILL)' });
    expect(isRunning(grandchildPid)).toBe(false);
    expect(isRunning(outcome.pid!)).toBe(false);
  }, 25_000);

  it('reports a timeout as the crash reason', async () => {
    const paths = agentPaths(path.join(directory, 'runs'), 'sleeper');
    const outcome = await runAgent({
      agent: 'sleeper',
      paths,
      command: { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], cwd: directory, env: {} },
      timeoutMs: 300,
    });
    expect(outcome).toMatchObject({ status: 'crashed', signal: 'SIGKILL', reason: 'timed out after 300ms (SIGKILL)' });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(300);
  });

  it('reports an agent that exits without results as crashed, keeping the last 4 KB of its stderr', async () => {
    const paths = agentPaths(path.join(directory, 'runs'), 'noisy');
    const script = "process.stderr.write('x'.repeat(10000) + '\\nconfig error: cannot load preset\\n'); process.exit(3)";
    const outcome = await runAgent({ agent: 'noisy', paths, command: { command: process.execPath, args: ['-e', script], cwd: directory, env: {} } });
    expect(outcome).toMatchObject({ status: 'crashed', exitCode: 3, signal: null, reason: 'exited with code 3 without writing results' });
    const log = fs.readFileSync(paths.stderrFile, 'utf8');
    expect(log.length).toBe(4096);
    expect(log.endsWith('config error: cannot load preset\n')).toBe(true);
  });
});

describe('classify', () => {
  const results = {
    success: true,
    numTotalTests: 0,
    numPassedTests: 0,
    numFailedTests: 0,
    numPendingTests: 0,
    numTodoTests: 0,
    numTotalTestSuites: 0,
    numFailedTestSuites: 0,
    numRuntimeErrorTestSuites: 0,
    testResults: [],
  };

  it('calls an agent without test files "no tests yet", not crashed', () => {
    expect(classify({ exitCode: 0, signal: null, results })).toEqual({ status: 'no-tests', reason: 'no tests yet' });
  });

  it('fails an agent whose test file could not run', () => {
    expect(classify({ exitCode: 1, signal: null, results: { ...results, numTotalTestSuites: 1, numRuntimeErrorTestSuites: 1, numFailedTestSuites: 1 } }).status).toBe('failed');
  });
});

describe('parseArguments', () => {
  it('reads agents, concurrency, profile and timeout in both flag forms', () => {
    expect(parseArguments(['--agents', 'unit,integration', '--concurrency=3', '--profile', 'full', '--timeout-minutes=1.5'], {})).toMatchObject({
      agents: ['unit', 'integration'],
      concurrency: 3,
      profile: 'full',
      timeoutMinutes: 1.5,
    });
  });

  it('defaults to all seven agents, one per core, and the ci profile', () => {
    const options = parseArguments([], {});
    expect(options.agents).toEqual(['unit', 'security', 'edge-cases', 'integration', 'performance', 'autonomous', 'cloud']);
    expect(options.concurrency).toBe(os.availableParallelism());
    expect(options.profile).toBe('ci');
  });

  it('rejects unknown agents and bad numbers with a usage error', () => {
    expect(() => parseArguments(['--agents', 'unit,fuzz'], {})).toThrow(
      new UsageError('unknown agent(s): fuzz (known: unit, security, edge-cases, integration, performance, autonomous, cloud)'),
    );
    expect(() => parseArguments(['--concurrency', '0'], {})).toThrow('--concurrency needs a positive integer, not 0');
    expect(() => parseArguments(['--bogus'], {})).toThrow('unknown option --bogus');
  });
});
