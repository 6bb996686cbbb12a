import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './free-port';
import { commandExists, registerEntry, unregisterEntry, updateEntry } from './process-registry';
import { startedService, type StartedService } from './started-service';
import { waitUntil } from './wait-until';

const run = promisify(execFile);

export class LocalPostgresUnavailableError extends Error {
  readonly code = 'LOCAL_POSTGRES_UNAVAILABLE';
}

/** Postgres refuses to run as root: as root we run initdb/pg_ctl as the `postgres` user. */
function asServiceUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() === 0) return ['runuser', ['-u', 'postgres', '--', command, ...args]];
  return [command, args];
}

async function postgresOwner(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/** PATH first, then Debian's versioned directory (the postgresql package does not link initdb onto PATH). */
export function postgresBinary(name: string): string | undefined {
  const onPath = commandExists(name);
  if (onPath) return onPath;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((entry) => /^\d+$/.test(entry))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const candidate = path.join(root, version, 'bin', name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Starts a throw-away Postgres from the system binaries in a temp dir on a free port, with
 * durability switched off (fsync, synchronous_commit) because test data is disposable.
 */
export async function startLocalPostgres(): Promise<StartedService> {
  const initdb = postgresBinary('initdb');
  const pgCtl = postgresBinary('pg_ctl');
  if (!initdb || !pgCtl) {
    throw new LocalPostgresUnavailableError('initdb/pg_ctl not on PATH (install Debian postgresql or set DATABASE_URL)');
  }
  const started = Date.now();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-postgres-'));
  const id = path.basename(directory);
  registerEntry({ id, ownerPid: process.pid, service: 'postgres', pids: [], directories: [directory], createdAt: new Date().toISOString() });
  const dataDirectory = path.join(directory, 'data');
  try {
    // The server user must be able to reach its data dir and socket dir.
    fs.chmodSync(directory, 0o755);
    const owner = await postgresOwner();
    if (owner) fs.chownSync(directory, owner.uid, owner.gid);
    const [initCommand, initArgs] = asServiceUser(initdb, ['-D', dataDirectory, '-U', 'postgres', '--auth=trust', '--no-sync', '--locale=C', '-E', 'UTF8']);
    await run(initCommand, initArgs);
    const port = await freePort();
    const serverOptions = [
      `-p ${port}`,
      `-k ${directory}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=300',
    ].join(' ');
    const [startCommand, startArgs] = asServiceUser(pgCtl, ['-D', dataDirectory, '-w', '-l', path.join(directory, 'server.log'), '-o', serverOptions, 'start']);
    await run(startCommand, startArgs);
    updateEntry(id, { postgresDataDirectory: dataDirectory });
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await waitUntil(
      async () => {
        const client = new Client({ connectionString: url });
        await client.connect();
        await client.query('SELECT 1');
        await client.end();
        return true;
      },
      { timeoutMs: 10_000, what: 'local postgres' },
    );
    const { stdout: version } = await run(initdb, ['--version']);
    return startedService(
      {
        name: 'postgres',
        provider: 'local',
        connection: { url },
        readyMs: Date.now() - started,
        details: { binary: version.trim(), dataDirectory },
      },
      async () => {
        const [stopCommand, stopArgs] = asServiceUser(pgCtl, ['-D', dataDirectory, '-m', 'immediate', '-w', 'stop']);
        const failure = await run(stopCommand, stopArgs).then(
          () => undefined,
          (error: unknown) => error,
        );
        // pg_ctl also fails when the server is already gone (a test stopped it): only a server still
        // running is a failure, and then its entry stays registered so the next run reaps it.
        if (failure !== undefined && fs.existsSync(path.join(dataDirectory, 'postmaster.pid'))) {
          throw new Error(`local Postgres in ${dataDirectory} did not stop: ${(failure as Error).message}`, { cause: failure });
        }
        fs.rmSync(directory, { recursive: true, force: true });
        unregisterEntry(id);
      },
    );
  } catch (error) {
    const [stopCommand, stopArgs] = asServiceUser(pgCtl, ['-D', dataDirectory, '-m', 'immediate', 'stop']);
    await run(stopCommand, stopArgs).catch(() => undefined);
    fs.rmSync(directory, { recursive: true, force: true });
    unregisterEntry(id);
    throw error;
  }
}
