import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, registerEntry, unregisterEntry, waitUntil } from '@orch/harness';

export const SENTINEL_MASTER_NAME = 'ai-dawg-sessions';

interface RedisProcess {
  port: number;
  child: ChildProcess;
}

function redisBinary(name: string): string {
  for (const directory of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(directory, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not on PATH (Debian redis-server / redis-sentinel)`);
}

/**
 * A master, a replica and a Sentinel (Debian's redis-sentinel, quorum 1) in a temp dir: the
 * shape of an ElastiCache replication group with automatic failover.
 */
export class RedisSentinelGroup {
  readonly directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-cloud-redis-'));
  private readonly registryId = path.basename(this.directory);
  private readonly pids: number[] = [];
  master!: RedisProcess;
  replica!: RedisProcess;
  sentinel!: RedisProcess;

  async start(options: { downAfterMs: number }): Promise<void> {
    // Redis 7 waits 5 s before a diskless full sync to batch replicas; one replica needs no wait.
    this.master = await this.spawnServer(['--repl-diskless-sync-delay', '0']);
    this.replica = await this.spawnServer(['--replicaof', '127.0.0.1', String(this.master.port)]);
    await waitUntil(async () => (await this.info(this.replica.port, 'replication')).includes('master_link_status:up'), { timeoutMs: 10_000, what: 'replica in sync' });
    const port = await freePort();
    const config = path.join(this.directory, 'sentinel.conf');
    fs.writeFileSync(
      config,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${this.directory}`,
        `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${this.master.port} 1`,
        `sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} ${options.downAfterMs}`,
        `sentinel failover-timeout ${SENTINEL_MASTER_NAME} 10000`,
        `sentinel parallel-syncs ${SENTINEL_MASTER_NAME} 1`,
        '',
      ].join('\n'),
    );
    const sentinelBinary = fs.existsSync('/usr/bin/redis-sentinel') ? redisBinary('redis-sentinel') : redisBinary('redis-server');
    const child = spawn(sentinelBinary, sentinelBinary.endsWith('redis-sentinel') ? [config] : [config, '--sentinel'], { stdio: 'ignore' });
    this.track(child.pid);
    this.sentinel = { port, child };
    await waitUntil(async () => (await this.info(port, 'sentinel')).includes('status=ok'), { timeoutMs: 10_000, what: 'sentinel watching the master' });
    // Sentinel learns replicas from the master's INFO; a master killed before that has no one to fail over to.
    await waitUntil(
      async () => {
        const replicas = (await this.sentinelCommand('replicas', SENTINEL_MASTER_NAME)) as string[][];
        return replicas.some((fields) => fields[fields.indexOf('port') + 1] === String(this.replica.port) && fields[fields.indexOf('flags') + 1] === 'slave');
      },
      { timeoutMs: 15_000, intervalMs: 100, what: 'sentinel knowing the replica' },
    );
  }

  killMaster(): void {
    this.master.child.kill('SIGKILL');
  }

  /** The address Sentinel currently reports for the master. */
  async currentMasterPort(): Promise<number> {
    const [, port] = (await this.sentinelCommand('get-master-addr-by-name', SENTINEL_MASTER_NAME)) as [string, string];
    return Number(port);
  }

  private async sentinelCommand(...args: string[]): Promise<unknown> {
    const client = this.probeClient(this.sentinel.port);
    try {
      await client.connect();
      return await client.call('SENTINEL', ...args);
    } finally {
      client.disconnect();
    }
  }

  /** A one-shot connection: no reconnecting in the background after a refused connect. */
  private probeClient(port: number): Redis {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    client.on('error', () => undefined);
    return client;
  }

  async stop(): Promise<void> {
    await Promise.all(
      [this.sentinel, this.replica, this.master].filter(Boolean).map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }),
    );
    fs.rmSync(this.directory, { recursive: true, force: true });
    unregisterEntry(this.registryId);
  }

  /** Every server is in the harness's process registry, so a run killed half-way leaves none behind. */
  private track(pid: number | undefined): void {
    if (pid) this.pids.push(pid);
    registerEntry({
      id: this.registryId,
      ownerPid: process.pid,
      service: 'cloud-redis-sentinel',
      pids: this.pids,
      directories: [this.directory],
      createdAt: new Date().toISOString(),
    });
  }

  private async info(port: number, section: string): Promise<string> {
    const client = this.probeClient(port);
    try {
      await client.connect();
      return await client.info(section);
    } finally {
      client.disconnect();
    }
  }

  private async spawnServer(extra: string[]): Promise<RedisProcess> {
    const port = await freePort();
    const child = spawn(redisBinary('redis-server'), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.directory, ...extra], {
      stdio: 'ignore',
    });
    this.track(child.pid);
    await waitUntil(async () => (await this.info(port, 'server')).includes('redis_version'), { timeoutMs: 10_000, what: `redis on ${port}` });
    return { port, child };
  }
}
