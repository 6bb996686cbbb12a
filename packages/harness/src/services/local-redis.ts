import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { freePort } from './free-port';
import { commandExists, registerEntry, unregisterEntry, updateEntry } from './process-registry';
import { startedService, type StartedService } from './started-service';

export class LocalRedisUnavailableError extends Error {
  readonly code = 'LOCAL_REDIS_UNAVAILABLE';
}

/** Starts redis-server on a free loopback port with persistence off, in a temp dir. */
export async function startLocalRedis(): Promise<StartedService> {
  const binary = commandExists('redis-server');
  if (!binary) throw new LocalRedisUnavailableError('redis-server not on PATH (apt-get install redis-server, or set REDIS_URL)');
  const started = Date.now();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-redis-'));
  const id = path.basename(directory);
  registerEntry({ id, ownerPid: process.pid, service: 'redis', pids: [], directories: [directory], createdAt: new Date().toISOString() });
  const port = await freePort();
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', directory], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  updateEntry(id, { pids: [child.pid ?? 0] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanUp = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(directory, { recursive: true, force: true });
    unregisterEntry(id);
  };
  try {
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new LocalRedisUnavailableError(`redis-server not ready after 10 s: ${output.slice(-500)}`)), 10_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (/ready to accept connections/i.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new LocalRedisUnavailableError(`redis-server exited with ${code}: ${output.slice(-500)}`));
      });
    });
    child.stdout.removeAllListeners('data');
    child.stderr.removeAllListeners('data');
    child.stdout.resume();
    child.stderr.resume();
    const version = /v=(\S+)/.exec(output)?.[1] ?? /Redis version=(\S+)/.exec(output)?.[1] ?? 'unknown';
    return startedService(
      {
        name: 'redis',
        provider: 'local',
        connection: { url: `redis://127.0.0.1:${port}` },
        readyMs: Date.now() - started,
        details: { binary: `redis-server ${version}`, pid: String(child.pid), directory },
      },
      cleanUp,
    );
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
