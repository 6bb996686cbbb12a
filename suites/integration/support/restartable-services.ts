import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort, type StartedService } from '@orch/harness';

const run = promisify(execFile);

function pgCtl(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((entry) => /^\d+$/.test(entry))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const candidate = path.join(root, version, 'bin', 'pg_ctl');
    if (fs.existsSync(candidate)) return candidate;
  }
  return 'pg_ctl';
}

function asPostgresUser(args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', pgCtl(), ...args]] : [pgCtl(), args];
}

/**
 * Stops and restarts a dedicated local Postgres (from the harness's startLocalPostgres) in place:
 * same data directory, same port, so acknowledged writes can be checked after the outage. The
 * harness's own stop() still removes it at the end.
 */
export function postgresControls(service: StartedService): { stop(): Promise<void>; start(): Promise<void> } {
  const dataDirectory = service.details.dataDirectory!;
  const port = new URL(service.connection.url).port;
  const socketDirectory = path.dirname(dataDirectory);
  return {
    stop: async () => {
      const [command, args] = asPostgresUser(['-D', dataDirectory, '-m', 'fast', '-w', 'stop']);
      await run(command, args);
    },
    start: async () => {
      const options = [`-p ${port}`, `-k ${socketDirectory}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c max_connections=300'].join(' ');
      const [command, args] = asPostgresUser(['-D', dataDirectory, '-w', '-l', path.join(socketDirectory, 'restart.log'), '-o', options, 'start']);
      await run(command, args);
    },
  };
}

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  httpServer?: import('node:http').Server;
}

/**
 * s3rver on a fixed port and directory that can be stopped and started again with its objects
 * intact (the harness's startLocalS3 removes its directory on stop, which is right for a
 * run-wide service but not for an outage-and-recovery test).
 */
export async function startRestartableS3(): Promise<{ url: string; stop(): Promise<void>; start(): Promise<void>; dispose(): Promise<void> }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-int-s3-'));
  const port = await freePort();
  let server: S3rverInstance | undefined;
  const start = async (): Promise<void> => {
    server = new S3rver({ port, address: '127.0.0.1', directory, silent: true });
    await server.run();
  };
  // An outage, not a graceful shutdown: open keep-alive connections are cut too (s3rver's close
  // alone waits for them, and clients that keep sending keep them busy).
  const stop = async (): Promise<void> => {
    const closing = server?.close();
    server?.httpServer?.closeAllConnections();
    await closing;
    server = undefined;
  };
  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    start,
    stop,
    dispose: async () => {
      await stop().catch(() => undefined);
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
