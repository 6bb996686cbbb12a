import { HeadObjectCommand } from '@aws-sdk/client-s3';
import {
  createLatencyHistogram,
  createTestBucket,
  createTestDatabase,
  encodeHistogram,
  expectMetric,
  recordMilliseconds,
  redisKeyPrefix,
  serviceConnection,
  summarizeLatency,
  type TestBucket,
  type TestDatabase,
} from '@orch/harness';
import { Client } from 'pg';
import { aiDawgEnv, api, registerUser, type TestUser } from './support/ai-dawg-env';
import { AI_DAWG_ENTRIES, startServiceProcess, type ServiceProcess } from './support/service-process';

interface ProjectBody {
  project: { id: string; name: string; bpm: number; sampleRate: number; bitDepth: number; folder: string; files?: { key: string }[]; beats?: unknown[] };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Project creation flow: AI DAWG backend process on real Postgres and S3', () => {
  let database: TestDatabase;
  let bucket: TestBucket;
  let backend: ServiceProcess;
  let user: TestUser;
  let sql: Client;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'int_projects' });
    bucket = await createTestBucket('int-projects');
    backend = await startServiceProcess(
      AI_DAWG_ENTRIES.backend,
      aiDawgEnv({ databaseUrl: database.url, redisUrl: serviceConnection('redis').url, s3: serviceConnection('s3'), bucket: bucket.name, redisPrefix: redisKeyPrefix('int-projects') }),
    );
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    user = await registerUser(backend.url, 'producer');
  }, 60_000);

  afterAll(async () => {
    await sql?.end();
    await backend?.stop();
    await bucket?.drop();
    await database?.drop();
  });

  test('[INT-05] [INT-06] [INT-07] creates "My Song" at 120 bpm: validated, row in Postgres, folder in S3, id returned, loadable, under 500 ms', async () => {
    const started = performance.now();
    const created = await api<ProjectBody>(backend.url, 'POST', '/api/projects', user.token, { name: 'My Song', bpm: 120 });
    const createMs = performance.now() - started;
    expect(created.status).toBe(201);
    const { project } = created.body;
    expect(project.id).toMatch(UUID);
    expect(project).toMatchObject({ name: 'My Song', bpm: 120, sampleRate: 48_000, bitDepth: 24, folder: `projects/${project.id}/` });

    const row = await sql.query('SELECT owner_id, name, bpm, sample_rate, bit_depth FROM projects WHERE id = $1', [project.id]);
    expect(row.rows).toEqual([{ owner_id: user.id, name: 'My Song', bpm: 120, sample_rate: 48_000, bit_depth: 24 }]);
    const folder = await bucket.client.send(new HeadObjectCommand({ Bucket: bucket.name, Key: `projects/${project.id}/` }));
    expect(folder.$metadata.httpStatusCode).toBe(200);

    const loaded = await api<ProjectBody>(backend.url, 'GET', `/api/projects/${project.id}`, user.token);
    const flowMs = performance.now() - started;
    expect(loaded.status).toBe(200);
    expect(loaded.body.project).toMatchObject({ id: project.id, name: 'My Song', bpm: 120, beats: [] });
    expect(loaded.body.project.files?.map((file) => file.key)).toContain(`projects/${project.id}/`);

    expectMetric({ scenario: 'INT-05', name: 'project creation (POST /api/projects, one request)', value: createMs, unit: 'ms', threshold: 'value<500', target: 'Expected timing: <500ms' });
    expectMetric({ scenario: ['INT-06', 'INT-07'], name: 'project flow: create, verify in Postgres and S3, load', value: flowMs, unit: 'ms', threshold: 'value<1000', target: 'create (<500ms) then load' });
  });

  test('[INT-05] p95 of 20 sequential project creations stays under 500 ms', async () => {
    const histogram = createLatencyHistogram();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const created = await api<ProjectBody>(backend.url, 'POST', '/api/projects', user.token, { name: `Take ${i}`, bpm: 90 + i });
      expect(created.status).toBe(201);
      recordMilliseconds(histogram, created.elapsedMs);
      ids.push(created.body.project.id);
    }
    const rows = await sql.query('SELECT count(*)::int AS n FROM projects WHERE id = ANY($1::uuid[])', [ids]);
    expect(rows.rows[0].n).toBe(20);
    const summary = summarizeLatency(histogram);
    expectMetric({
      name: 'project creation latency p95 (20 creations)',
      value: summary.p95Ms,
      unit: 'ms',
      threshold: 'p(95)<500',
      target: 'AI DAWG project creation takes 100-500ms (database write + S3 upload)',
      histogram: encodeHistogram(histogram),
      details: { ...summary, mode: 'sequential, one client, backend child process' },
    });
  });

  test('[INT-05] rejects invalid input with 400 VALIDATION_FAILED and writes nothing', async () => {
    const before = (await sql.query('SELECT count(*)::int AS n FROM projects')).rows[0].n as number;
    const cases: unknown[] = [{ name: '', bpm: 120 }, { name: 'x'.repeat(201), bpm: 120 }, { name: 'Slow', bpm: 10 }, { name: 'Fast', bpm: 301 }, { name: 'Rate', sampleRate: 12_345 }, { name: 'Extra', admin: true }, { bpm: 120 }];
    for (const body of cases) {
      const response = await api<{ error: { code: string; message: string } }>(backend.url, 'POST', '/api/projects', user.token, body);
      expect({ body, status: response.status, code: response.body.error?.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    const unauthenticated = await api<{ error: { code: string } }>(backend.url, 'POST', '/api/projects', undefined, { name: 'No token' });
    expect([unauthenticated.status, unauthenticated.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const after = (await sql.query('SELECT count(*)::int AS n FROM projects')).rows[0].n as number;
    expect(after).toBe(before);
  });

  test('[INT-07] another user cannot load, change or delete the project (403); unknown ids are 404', async () => {
    const created = await api<ProjectBody>(backend.url, 'POST', '/api/projects', user.token, { name: 'Private', bpm: 100 });
    const other = await registerUser(backend.url, 'other');
    for (const [method, body] of [['GET', undefined], ['PATCH', { name: 'Mine now' }], ['DELETE', undefined]] as const) {
      const response = await api<{ error: { code: string } }>(backend.url, method, `/api/projects/${created.body.project.id}`, other.token, body);
      expect([method, response.status, response.body.error.code]).toEqual([method, 403, 'FORBIDDEN']);
    }
    const missing = await api<{ error: { code: string } }>(backend.url, 'GET', '/api/projects/00000000-0000-4000-8000-000000000000', user.token);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const notUuid = await api<{ error: { code: string } }>(backend.url, 'GET', '/api/projects/1%20OR%201=1', user.token);
    expect([notUuid.status, notUuid.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  test('[INT-06] [INT-07] stores names as raw text, answers JSON, searches with parameters, and deletes row and folder together', async () => {
    const hostile = `<img src=x onerror="alert(1)"> ' OR 1=1; DROP TABLE projects; --`;
    const created = await api<ProjectBody>(backend.url, 'POST', '/api/projects', user.token, { name: hostile, bpm: 128 });
    expect(created.status).toBe(201);
    const response = await fetch(`${backend.url}/api/projects/${created.body.project.id}`, { headers: { authorization: `Bearer ${user.token}` } });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await response.json()) as ProjectBody).project.name).toBe(hostile);
    expect((await sql.query('SELECT name FROM projects WHERE id = $1', [created.body.project.id])).rows[0].name).toBe(hostile);

    const search = await api<{ projects: { name: string }[] }>(backend.url, 'GET', `/api/projects?search=${encodeURIComponent("' OR 1=1")}`, user.token);
    expect(search.body.projects.map((project) => project.name)).toEqual([hostile]);
    const wildcard = await api<{ projects: unknown[] }>(backend.url, 'GET', `/api/projects?search=${encodeURIComponent('%')}`, user.token);
    expect(wildcard.body.projects).toHaveLength(0);

    const removed = await api(backend.url, 'DELETE', `/api/projects/${created.body.project.id}`, user.token);
    expect(removed.status).toBe(204);
    expect((await sql.query('SELECT 1 FROM projects WHERE id = $1', [created.body.project.id])).rowCount).toBe(0);
    await expect(bucket.client.send(new HeadObjectCommand({ Bucket: bucket.name, Key: `projects/${created.body.project.id}/` }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});
