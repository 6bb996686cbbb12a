import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { controlUnavailableReason, deployedUrl, readTargetRecords, startTarget, targetsByAgent, urlTarget } from '../src/index';

describe('system targets', () => {
  const previousRunDirectory = process.env.ORCH_RUN_DIR;
  let runDirectory: string;

  beforeEach(() => {
    runDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-targets-'));
    process.env.ORCH_RUN_DIR = runDirectory;
  });

  afterEach(() => {
    process.env.ORCH_RUN_DIR = previousRunDirectory;
    fs.rmSync(runDirectory, { recursive: true, force: true });
  });

  test('starts the reference JARVIS as a process whose user and admin logins work, and records it', async () => {
    await using target = await startTarget('jarvis', { env: {} });
    expect([target.system, target.kind, target.controllable]).toEqual(['jarvis', 'reference', true]);
    expect((await fetch(`${target.baseUrl}/health`)).status).toBeLessThan(600);
    const asUser = await fetch(`${target.baseUrl}/api/admin/blocked-ips`, { headers: await target.authHeaders('user') });
    const asAdmin = await fetch(`${target.baseUrl}/api/admin/blocked-ips`, { headers: await target.authHeaders('admin') });
    expect([asUser.status, asAdmin.status]).toEqual([403, 200]);
    await expect(target.createUser()).rejects.toThrow(/configured/);
    expect(readTargetRecords(runDirectory).map((record) => [record.system, record.targetKind, record.baseUrl])).toEqual([['jarvis', 'reference', target.baseUrl]]);
  }, 60_000);

  test('uses a deployed system by URL with its token, starts nothing, and says why control is unavailable', async () => {
    const env = { JARVIS_URL: 'https://jarvis.example.test/', JARVIS_TOKEN: 'user-token', JARVIS_ADMIN_TOKEN: 'admin-token' };
    const target = await startTarget('jarvis', { env });
    expect([target.kind, target.baseUrl, target.controllable]).toEqual(['url', 'https://jarvis.example.test', false]);
    expect(await target.authHeaders()).toEqual({ authorization: 'Bearer user-token' });
    expect(await target.authHeaders('admin')).toEqual({ authorization: 'Bearer admin-token' });
    expect(controlUnavailableReason('jarvis', env)).toBe('needs control over the system; target is https://jarvis.example.test');
    expect(controlUnavailableReason('jarvis', {})).toBeUndefined();
    expect(deployedUrl('ai-dawg', { AIDAWG_URL: ' ' })).toBeUndefined();
    await expect(urlTarget('ai-dawg', 'https://dawg.example.test', {}).authHeaders()).rejects.toThrow(/AIDAWG_TOKEN must be set/);
    expect(urlTarget('ai-dawg', 'https://dawg.example.test', { AIDAWG_VOCAL_COACH_URL: 'wss://coach.example.test/' }).urls).toEqual({
      backend: 'https://dawg.example.test',
      vocalCoach: 'wss://coach.example.test',
    });
    expect(targetsByAgent(readTargetRecords(runDirectory))).toEqual({ other: [{ system: 'jarvis', targetKind: 'url', baseUrl: 'https://jarvis.example.test' }] });
  });

  test('starts the reference AI DAWG on its own database and bucket, with a registered user', async () => {
    const target = await startTarget('ai-dawg', { env: {} });
    try {
      const headers = await target.authHeaders();
      const projects = await fetch(`${target.baseUrl}/api/projects`, { headers });
      expect(projects.status).toBe(200);
      const other = await target.createUser('second');
      expect(other.token).not.toBe(headers.authorization);
      expect(target.storage?.databaseUrl).toMatch(/target_aidawg/);
    } finally {
      await target.stop();
    }
    await expect(fetch(`${target.baseUrl}/health`)).rejects.toThrow();
  }, 60_000);
});
