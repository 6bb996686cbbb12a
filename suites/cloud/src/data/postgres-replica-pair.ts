import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort, registerEntry, unregisterEntry, waitUntil } from '@orch/harness';

const run = promisify(execFile);

function binary(name: string): string {
  for (const candidate of [
    `/usr/bin/${name}`,
    ...fs
      .readdirSync('/usr/lib/postgresql')
      .sort()
      .reverse()
      .map((version) => `/usr/lib/postgresql/${version}/bin/${name}`),
  ]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not found (Debian postgresql)`);
}

/** Postgres refuses to run as root: as root the binaries run as the `postgres` user. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function postgres(command: string, args: string[]): Promise<string> {
  const [file, argv] = asPostgres(binary(command), args);
  const { stdout } = await run(file, argv);
  return stdout;
}

export interface PostgresNode {
  port: number;
  dataDirectory: string;
  url: string;
}

/**
 * A primary and a synchronous streaming replica made with pg_basebackup, from the system
 * binaries in a temp dir: the shape of an RDS Multi-AZ pair. A commit is acknowledged only once
 * the replica has it (synchronous_standby_names = '*'), which is what makes "nothing
 * acknowledged is lost" hold across a failover.
 */
export class PostgresReplicaPair {
  readonly directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-cloud-pg-'));
  primary!: PostgresNode;
  standby!: PostgresNode;

  async start(): Promise<void> {
    fs.chmodSync(this.directory, 0o755);
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: group } = await run('id', ['-g', 'postgres']);
      fs.chownSync(this.directory, Number(stdout.trim()), Number(group.trim()));
    }
    const primaryDirectory = path.join(this.directory, 'primary');
    await postgres('initdb', ['-D', primaryDirectory, '-U', 'postgres', '--auth=trust', '--no-sync', '--locale=C', '-E', 'UTF8']);
    this.primary = await this.startNode(primaryDirectory, ["-c synchronous_standby_names='*'", '-c wal_level=replica', '-c max_wal_senders=4']);
    const standbyDirectory = path.join(this.directory, 'standby');
    await postgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(this.primary.port), '-U', 'postgres', '-D', standbyDirectory, '-R', '-X', 'stream', '--no-sync']);
    this.standby = await this.startNode(standbyDirectory, ['-c hot_standby=on']);
    await waitUntil(
      async () => {
        const client = new Client({ connectionString: this.primary.url });
        await client.connect();
        try {
          const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_stat_replication WHERE sync_state = 'sync' AND state = 'streaming'");
          return rows[0].n === 1;
        } finally {
          await client.end();
        }
      },
      { timeoutMs: 15_000, intervalMs: 50, what: 'synchronous streaming replica' },
    );
  }

  /** SIGKILLs the primary's postmaster: the instance dies as in an AZ failure, no shutdown checkpoint. */
  killPrimary(): void {
    const pid = Number(fs.readFileSync(path.join(this.primary.dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
  }

  async promoteStandby(): Promise<void> {
    await postgres('pg_ctl', ['-D', this.standby.dataDirectory, '-w', 'promote']);
  }

  async stop(): Promise<void> {
    for (const node of [this.primary, this.standby]) {
      if (node) await postgres('pg_ctl', ['-D', node.dataDirectory, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    }
    // A SIGKILLed postmaster can leave backends behind for a moment; they exit once they notice.
    fs.rmSync(this.directory, { recursive: true, force: true });
    for (const node of ['primary', 'standby']) unregisterEntry(`${node}-${path.basename(this.directory)}`);
  }

  private async startNode(dataDirectory: string, settings: string[]): Promise<PostgresNode> {
    // Registered before it starts: a run killed half-way has the harness stop it and remove the dir.
    registerEntry({
      id: path.basename(dataDirectory) + '-' + path.basename(this.directory),
      ownerPid: process.pid,
      service: 'cloud-postgres-pair',
      pids: [],
      directories: [this.directory],
      postgresDataDirectory: dataDirectory,
      createdAt: new Date().toISOString(),
    });
    const port = await freePort();
    const options = [`-p ${port}`, `-k ${this.directory}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c full_page_writes=off', ...settings].join(' ');
    await postgres('pg_ctl', ['-D', dataDirectory, '-w', '-l', `${dataDirectory}.log`, '-o', options, 'start']);
    return { port, dataDirectory, url: `postgres://postgres@127.0.0.1:${port}/postgres` };
  }
}
