import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repositoryRoot, waitUntil } from '@orch/harness';
import { agentPaths, jestAgentCommand, runAgent } from '../src';

interface RunProcess {
  pid: number;
  pgid: number;
  command: string;
  port?: string;
}

function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Every live process whose environment carries the run's mark (children inherit it, detached or not). */
function processesOfRun(mark: string): RunProcess[] {
  const found: RunProcess[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      if (!environ.includes(`ORCH_RUN_MARK=${mark}`)) continue;
      const port = environ.find((variable) => variable.startsWith('PORT='))?.slice('PORT='.length);
      if (!alive(pid)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
      found.push({ pid, pgid, command, ...(port ? { port } : {}) });
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}

/**
 * The SIGKILL case: the integration agent, run the way `pnpm orchestrate` runs it, is
 * killed with SIGKILL in the middle of the health-monitoring flow, once JARVIS's supervisor has
 * started the AI DAWG backend in a process group of its own. Afterwards no process of the run
 * is left: not the Jest process, not the backend, not JARVIS's watchdog.
 */
describe('an agent killed with SIGKILL', () => {
  let directory: string;
  const mark = randomUUID();

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-agent-kill-'));
  });

  afterEach(() => {
    // Whatever the assertions found, nothing of this run survives the test.
    for (const leftover of processesOfRun(mark)) {
      try {
        process.kill(leftover.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('leaves no process of its run behind, mid health-monitoring flow (JARVIS supervising the backend in its own group)', async () => {
    const root = repositoryRoot();
    const paths = agentPaths(path.join(directory, 'runs'), 'integration');
    const build = jestAgentCommand({ cwd: root, extraArgs: ['--testPathPatterns', 'health-monitoring'] });
    const environment = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('JEST_')));
    const command = build('integration', paths, { ...environment, ORCH_COVERAGE: '0', ORCH_RUN_MARK: mark, ORCH_SERVICES: 'none' });
    let agentPid = 0;
    const outcomePromise = runAgent({ agent: 'integration', paths, command, onStart: (pid) => (agentPid = pid) });

    // Mid-flow: the backend JARVIS supervises is up, in a process group other than the agent's.
    const backend = await waitUntil(async () => processesOfRun(mark).find((candidate) => candidate.command.includes('backend/main.ts')), {
      timeoutMs: 90_000,
      intervalMs: 100,
      what: 'the health-monitoring flow to start the backend',
    });
    // ... and serving: booted, past anything it writes at start, watched by JARVIS.
    await waitUntil(async () => (await fetch(`http://127.0.0.1:${backend.port}/health`).catch(() => undefined))?.status === 200, {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: 'the backend to serve /health',
    });
    const before = processesOfRun(mark);
    expect(agentPid).toBeGreaterThan(0);
    expect(backend.pgid).not.toBe(agentPid);

    process.kill(agentPid, 'SIGKILL');
    const outcome = await outcomePromise;
    expect(outcome).toMatchObject({ status: 'crashed', signal: 'SIGKILL' });
    const leftovers = await waitUntil(async () => (processesOfRun(mark).length === 0 ? [] : undefined), {
      timeoutMs: 10_000,
      intervalMs: 100,
      what: 'every process of the run to end',
    }).catch(() => processesOfRun(mark));
    expect({ before: before.length > 1, leftovers }).toEqual({ before: true, leftovers: [] });
  }, 150_000);
});
