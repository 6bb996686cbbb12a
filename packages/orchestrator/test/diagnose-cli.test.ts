import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Report } from '@orch/golden-signals-reporter';
import type { MasterPlan } from '../src';

const repoRoot = path.resolve(__dirname, '../../..');
const fixture = path.join(__dirname, 'fixtures', 'projects', 'diagnose');
const cli = path.join(repoRoot, 'packages', 'orchestrator', 'src', 'cli.ts');

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function runCli(args: string[], environment: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli', { paths: [repoRoot] }), cli, ...args], { cwd: repoRoot, env: environment });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('pnpm orchestrate on a project with failing tests (the real CLI)', () => {
  let directory: string;
  let root: string;
  let first: { code: number | null; output: string };
  let report: Report;
  let environment: NodeJS.ProcessEnv;
  let args: string[];

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-diagnose-'));
    root = path.join(directory, 'project');
    fs.cpSync(fixture, root, { recursive: true });
    const markers = path.join(directory, 'markers');
    fs.mkdirSync(markers);
    // The parent Jest's variables would make the child Jest think it is a worker.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('JEST_') && !key.startsWith('ORCH_')));
    environment = {
      ...inherited,
      CI: 'true',
      ORCH_SERVICES: 'none',
      ORCH_COVERAGE: '0',
      FIXTURE_REPO: repoRoot,
      FIXTURE_MARKER_DIR: markers,
      FIXTURE_CLOSED_PORT: String(await closedPort()),
    };
    args = [
      '--root',
      root,
      '--jest-config',
      path.join(root, 'jest.config.cjs'),
      '--matrix',
      path.join(root, 'user-case-matrix.json'),
      '--agents',
      'unit,integration',
      '--concurrency',
      '2',
    ];
    first = await runCli(args, environment);
    report = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'report.json'), 'utf8')) as Report;
  }, 120_000);

  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('exits 1 and prints each failure with its class', () => {
    expect(first.code).toBe(1);
    expect(first.output).toContain('diagnosis:');
    expect(first.output).toMatch(/\[deterministic\]/);
  });

  it('classifies every failed test after re-running it alone', () => {
    const byTest = new Map((report.diagnosis ?? []).map((entry) => [entry.test, entry]));
    expect(byTest.get('[INT-01] computes the wrong total on purpose')).toMatchObject({ class: 'deterministic', rerun: { status: 'failed' } });
    expect(byTest.get('[INT-02] reads the cached value from redis')).toMatchObject({ class: 'environment', service: 'redis' });
    expect(byTest.get('[INT-03] works from its fourth attempt on')).toMatchObject({ class: 'flaky', rerun: { status: 'passed' } });
    expect(byTest.get('[INT-04] answers within 300 ms')).toMatchObject({ class: 'timeout' });
    // The verbose output of the re-run is attached.
    expect(byTest.get('[INT-01] computes the wrong total on purpose')!.rerun!.output).toContain('computes the wrong total on purpose');
  });

  it('reports a test that passed after a CI retry as flaky with its count, not as a clean pass', () => {
    expect(report.flaky).toEqual([expect.objectContaining({ test: '[UNIT-01] passes on its second attempt', retries: 1, agent: 'unit' })]);
    const markdown = fs.readFileSync(path.join(root, 'reports', `daily-report-${report.startedAt.slice(0, 10)}.md`), 'utf8');
    expect(markdown).toContain('## Flaky tests');
    expect(markdown).toContain('passed after 1 retry');
    expect(markdown).toContain('## Failure diagnosis');
  });

  it('writes the plan, the HTML report beside the markdown, and each agent JUnit file', () => {
    const plan = JSON.parse(fs.readFileSync(path.join(root, '.orchestrator', 'test-plans', 'master-plan.json'), 'utf8')) as MasterPlan;
    expect(plan.gaps.length).toBeGreaterThanOrEqual(0);
    const html = fs.readFileSync(path.join(root, 'reports', `daily-report-${report.startedAt.slice(0, 10)}.html`), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(fs.existsSync(path.join(root, 'reports', 'junit', 'integration.xml'))).toBe(true);
  });

  it('keeps the first report and names the regression of a second run', async () => {
    const second = await runCli([...args.slice(0, -4), '--agents', 'unit'], { ...environment, FIXTURE_BREAK: '1' });
    expect(second.code).toBe(1);
    const next = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'report.json'), 'utf8')) as Report;
    expect(next.history!.previous).toBe(report.startedAt);
    expect(next.history!.regressions).toEqual([expect.objectContaining({ kind: 'scenario', subject: 'UNIT-02', before: 'validated', after: 'failed' })]);
    expect(fs.readdirSync(path.join(root, 'reports', 'history'))).toHaveLength(1);
    const markdown = fs.readFileSync(path.join(root, 'reports', `daily-report-${next.startedAt.slice(0, 10)}.md`), 'utf8');
    expect(markdown).toMatch(/### Regressions\n- \*\*UNIT-02\*\* \(scenario\): validated → failed/);
  }, 60_000);
});
