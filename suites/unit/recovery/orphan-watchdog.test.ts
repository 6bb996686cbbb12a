import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { freePort, isAlive, repositoryRoot, typescriptEntryCommand, waitUntil } from '@orch/harness';
import { ChildProcessSupervisor } from '@orch/jarvis';

const TINY_SERVICE = path.join(__dirname, '..', 'support', 'tiny-service.cjs');

const SUPERVISOR_FIXTURE = path.join(__dirname, '..', 'support', 'supervisor-fixture.ts');

describe('Supervised processes and their supervisor', () => {
  test('[UNIT-08] a supervised service in its own process group dies with its supervisor, even one killed with SIGKILL', async () => {
    const port = await freePort();
    const { command, args } = typescriptEntryCommand(SUPERVISOR_FIXTURE);
    const supervisorProcess = spawn(command, args, { cwd: repositoryRoot(), env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    supervisorProcess.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    supervisorProcess.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const { pid } = await waitUntil(async () => (output.includes('\n') ? (JSON.parse(output.split('\n')[0]!) as { pid: number }) : undefined), {
        timeoutMs: 20_000,
        what: `the supervisor to start the service: ${output}`,
      });
      await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.ok === true, { timeoutMs: 10_000, what: 'the service to listen' });
      expect(isAlive(pid)).toBe(true);
      supervisorProcess.kill('SIGKILL');
      // Its group is not the supervisor's, so only the watchdog can end it.
      await waitUntil(async () => !isAlive(pid) || undefined, { timeoutMs: 5_000, what: `service ${pid} to die with its supervisor` });
    } finally {
      supervisorProcess.kill('SIGKILL');
    }
  }, 30_000);

  test('[UNIT-08] tells a crash from a stop it asked for, and stops the watchdog on close', async () => {
    const port = await freePort();
    const supervisor = new ChildProcessSupervisor({ processes: { backend: { command: process.execPath, args: [TINY_SERVICE], env: { PORT: String(port) } } } });
    const exits: { expected: boolean; signal: string | null }[] = [];
    supervisor.on('exit', (exit) => exits.push({ expected: exit.expected, signal: exit.signal }));
    try {
      const first = await supervisor.start('backend');
      process.kill(first.pid!, 'SIGKILL');
      await waitUntil(async () => exits.length === 1 || undefined, { timeoutMs: 5_000, what: 'the crash to be seen' });
      await supervisor.start('backend');
      await supervisor.stop('backend');
      expect(exits).toMatchObject([{ expected: false, signal: 'SIGKILL' }, { expected: true }]);
    } finally {
      await supervisor.close();
    }
  });
});
