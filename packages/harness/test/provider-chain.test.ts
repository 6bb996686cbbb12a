import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import Redis from 'ioredis';
import { isAlive, reapOrphans, ServiceUnavailableError, startedService, startLocalRedis, startService, startServices } from '../src';

describe('service provider chain', () => {
  it('uses an explicit URL from the environment first and says so', async () => {
    const service = await startService('redis', {
      environment: { REDIS_URL: 'redis://127.0.0.1:6399' },
      containerRuntime: () => Promise.reject(new Error('must not be asked')),
    });
    expect(service.provider).toBe('env');
    expect(service.url).toBe('redis://127.0.0.1:6399');
    await service.stop();
  });

  it('reads S3 endpoint and credentials from the environment', async () => {
    const service = await startService('s3', {
      environment: { S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY_ID: 'key', S3_SECRET_ACCESS_KEY: 'secret', S3_REGION: 'eu-west-1' },
    });
    expect(service.connection).toEqual({ url: 'http://127.0.0.1:9000', accessKeyId: 'key', secretAccessKey: 'secret', region: 'eu-west-1' });
  });

  it('names all three ways in one error when none is available', async () => {
    const attempt = startService('postgres', {
      environment: {},
      containerRuntime: async () => undefined,
      startLocal: async () => {
        throw new Error('initdb/pg_ctl not on PATH');
      },
    });
    await expect(attempt).rejects.toThrow(ServiceUnavailableError);
    await expect(attempt).rejects.toThrow(/DATABASE_URL not set[\s\S]*no container runtime answered[\s\S]*initdb\/pg_ctl not on PATH/);
  });

  it('stops the services it already started when another one fails, and rethrows the original error', async () => {
    const stopped: string[] = [];
    const original = new Error('s3 exploded');
    const attempt = startServices(['redis', 's3'], {
      environment: {},
      containerRuntime: async () => undefined,
      startLocal: async (name) => {
        if (name === 's3') throw original;
        return startedService({ name, provider: 'local', connection: { url: 'redis://example' }, readyMs: 1, details: {} }, async () => void stopped.push(name));
      },
    });
    await expect(attempt).rejects.toThrow(ServiceUnavailableError);
    await expect(attempt).rejects.toThrow(/s3 exploded/);
    expect(stopped).toEqual(['redis']);
  });

  it('releases the process and temp dir of a local server on stop', async () => {
    const redis = await startLocalRedis();
    const pid = Number(redis.details.pid);
    const client = new Redis(redis.connection.url);
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
    expect(isAlive(pid)).toBe(true);
    await redis.stop();
    expect(isAlive(pid)).toBe(false);
    expect(fs.existsSync(redis.details.directory!)).toBe(false);
  });

  it('reaps servers and temp dirs left behind by a run that was killed', async () => {
    const registry = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-registry-test-'));
    const leftover = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-leftover-'));
    const previous = process.env.ORCH_SERVICE_REGISTRY;
    process.env.ORCH_SERVICE_REGISTRY = registry;
    // A "server" whose owner died: a real process that would otherwise live on.
    const orphan = spawn('sleep', ['300'], { stdio: 'ignore' });
    const deadOwner = spawn('true');
    await new Promise((resolve) => deadOwner.once('exit', resolve));
    try {
      fs.writeFileSync(
        path.join(registry, 'leftover.json'),
        JSON.stringify({ id: 'leftover', ownerPid: deadOwner.pid, service: 'redis', pids: [orphan.pid], directories: [leftover], createdAt: new Date().toISOString() }),
      );
      const exited = new Promise((resolve) => orphan.once('exit', resolve));
      expect(reapOrphans()).toBe(1);
      await exited;
      expect(isAlive(orphan.pid!)).toBe(false);
      expect(fs.existsSync(leftover)).toBe(false);
      expect(fs.readdirSync(registry)).toEqual([]);
    } finally {
      orphan.kill('SIGKILL');
      if (previous === undefined) delete process.env.ORCH_SERVICE_REGISTRY;
      else process.env.ORCH_SERVICE_REGISTRY = previous;
      fs.rmSync(registry, { recursive: true, force: true });
    }
  });
});
