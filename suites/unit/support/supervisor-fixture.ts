// A process that supervises the tiny service with JARVIS's ChildProcessSupervisor, prints the
// service's pid and stays up: the orphan-watchdog test kills it with SIGKILL.
import * as path from 'node:path';
import { ChildProcessSupervisor } from '@orch/jarvis';

async function main(): Promise<void> {
  const supervisor = new ChildProcessSupervisor({
    processes: { backend: { command: process.execPath, args: [path.join(__dirname, 'tiny-service.cjs')], env: { PORT: process.env.PORT ?? '0' } } },
  });
  const info = await supervisor.start('backend');
  process.stdout.write(`${JSON.stringify({ pid: info.pid })}\n`);
  setInterval(() => undefined, 1_000);
}

void main();
