import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { freePort, waitUntil } from '@orch/harness';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export const AI_DAWG_ENTRIES = {
  backend: path.join(REPO_ROOT, 'packages/ai-dawg/src/backend/main.ts'),
  producer: path.join(REPO_ROOT, 'packages/ai-dawg/src/producer/main.ts'),
  vocalCoach: path.join(REPO_ROOT, 'packages/ai-dawg/src/vocal-coach/main.ts'),
} as const;

export interface ServiceProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Output so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** The command line a supervisor (JARVIS) uses to start an AI DAWG service. */
export function serviceCommand(entry: string): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--import', 'tsx', entry] };
}

/**
 * Starts one AI DAWG service as a real child process (`node --import tsx <entry>`) on a free
 * port and waits until its /health answers (any status: a 503 still proves it is serving).
 */
export async function startServiceProcess(entry: string, env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<ServiceProcess> {
  const port = await freePort();
  const { command, args } = serviceCommand(entry);
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${output}`);
        const response = await fetch(`${url}/health`);
        return response.status > 0;
      },
      { timeoutMs: options.timeoutMs ?? 30_000, intervalMs: 50, what: `${path.basename(path.dirname(entry))} on ${url}` },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, child, output: () => output, stop };
}
