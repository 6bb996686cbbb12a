import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { orchEnvironment } from '../environment/orch-environment';
import { freePort } from '../services/free-port';
import { registerEntry, unregisterEntry } from '../services/process-registry';
import { waitUntil } from '../services/wait-until';

export interface SystemProcessOptions {
  /** Label for errors and the process registry, e.g. `ai-dawg-backend`. */
  name: string;
  /** TypeScript entry that listens on PORT, relative to the repo root or absolute. */
  entry: string;
  environment?: Record<string, string>;
  /** Path answered with 2xx once the service is ready. */
  healthPath?: string;
  readyTimeoutMs?: number;
  port?: number;
}

/** A reference system running as a real child process (so a test can SIGKILL it). */
export interface StartedSystemProcess extends AsyncDisposable {
  name: string;
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Output captured so far (stdout + stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export function repositoryRoot(): string {
  return orchEnvironment().repoRoot ?? path.resolve(__dirname, '..', '..', '..', '..');
}

/** Command and arguments that run a TypeScript entry with tsx (the way every system runs here). */
export function typescriptEntryCommand(entry: string): { command: string; args: string[] } {
  const absolute = path.isAbsolute(entry) ? entry : path.join(repositoryRoot(), entry);
  return { command: process.execPath, args: ['--import', 'tsx', absolute] };
}

/**
 * Starts a system entry on a free port and waits until its health path answers. A failed start
 * kills the child and rethrows with the child's output attached.
 */
export async function startSystemProcess(options: SystemProcessOptions): Promise<StartedSystemProcess> {
  const port = options.port ?? (await freePort());
  const { command, args } = typescriptEntryCommand(options.entry);
  const child = spawn(command, args, {
    cwd: repositoryRoot(),
    env: { ...process.env, NODE_ENV: 'production', ...options.environment, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const registryId = `${options.name}-${process.pid}-${child.pid}`;
  registerEntry({ id: registryId, ownerPid: process.pid, service: options.name, pids: [child.pid ?? 0], directories: [], createdAt: new Date().toISOString() });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-16_384);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(forced);
    }
    unregisterEntry(registryId);
  };
  try {
    // waitUntil retries a probe that throws, so an exit is returned as a result and thrown
    // after: a child that dies at start fails at once instead of after the whole timeout.
    const outcome = await waitUntil(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) return 'exited' as const;
        // Any HTTP answer means the process listens; a 503 from a health check whose
        // dependencies are down is still a started process.
        await fetch(`${url}${options.healthPath ?? '/health'}`, { signal: AbortSignal.timeout(2000) });
        return 'ready' as const;
      },
      { timeoutMs: options.readyTimeoutMs ?? 30_000, intervalMs: 50, what: options.name },
    );
    if (outcome === 'exited') throw new Error(`${options.name} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
  } catch (error) {
    await stop();
    (error as Error).message += `\n--- ${options.name} output ---\n${output}`;
    throw error;
  }
  return { name: options.name, url, port, pid: child.pid ?? 0, child, output: () => output, stop, [Symbol.asyncDispose]: stop };
}
