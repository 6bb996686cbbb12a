import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  createLatencyHistogram,
  createS3Client,
  encodeHistogram,
  expectMetric,
  recordMilliseconds,
  startTarget,
  testUnless,
  summarizeLatency,
  type SystemTarget,
  type TargetUser,
} from '@orch/harness';
import { Client } from 'pg';
import { api } from './support/ai-dawg-env';
import { NEEDS_STORAGE } from './support/target-reasons';

interface ProjectBody {
  project: { id: string; name: string; bpm: number; sampleRate: number; bitDepth: number; folder: string; files?: { key: string }[]; beats?: unknown[] };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Runs against the AI DAWG target: the reference backend as a process on the run's Postgres and
 * S3 (the default), or a deployed backend at AIDAWG_URL. Rows and objects behind the API are
 * checked only where the target exposes its storage (the reference system).
 */
describe('Project creation flow: AI DAWG backend process on real Postgres and S3', () => {
  let target: SystemTarget;
  let baseUrl: string;
  let user: TargetUser;
  let sql: Client | undefined;
  let s3: S3Client | undefined;
  let bucketName = '';

  beforeAll(async () => {
    target = await startTarget('ai-dawg');
    baseUrl = target.baseUrl;
    if (target.storage) {
      sql = new Client({ connectionString: target.storage.databaseUrl });
      await sql.connect();
      s3 = createS3Client();
      bucketName = target.storage.bucket;
    }
    user = await target.createUser('producer');
  }, 60_000);

  afterAll(async () => {
    await sql?.end();
    s3?.destroy();
    await target?.stop();
  });

  /** Postgres row and S3 folder behind the API, on a target that exposes its storage. */
  async function storedProject(id: string): Promise<{ rows: unknown[]; folderStatus: number } | undefined> {
    if (!sql || !s3) return undefined;
    const row = await sql.query('SELECT owner_id, name, bpm, sample_rate, bit_depth FROM projects WHERE id = $1', [id]);
    const folderStatus = await s3
      .send(new HeadObjectCommand({ Bucket: bucketName, Key: `projects/${id}/` }))
      .then((head) => head.$metadata.httpStatusCode ?? 0)
      .catch((error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode ?? 0);
    return { rows: row.rows, folderStatus };
  }

  test('[INT-05] [INT-07] creates "My Song" at 120 bpm: validated, id returned, loadable, under 500 ms', async () => {
    const started = performance.now();
    const created = await api<ProjectBody>(baseUrl, 'POST', '/api/projects', user.token, { name: 'My Song', bpm: 120 });
    const createMs = performance.now() - started;
    expect(created.status).toBe(201);
    const { project } = created.body;
    expect(project.id).toMatch(UUID);
    expect(project).toMatchObject({ name: 'My Song', bpm: 120, sampleRate: 48_000, bitDepth: 24, folder: `projects/${project.id}/` });

    const loaded = await api<ProjectBody>(baseUrl, 'GET', `/api/projects/${project.id}`, user.token);
    const flowMs = performance.now() - started;
    expect(loaded.status).toBe(200);
    expect(loaded.body.project).toMatchObject({ id: project.id, name: 'My Song', bpm: 120, beats: [] });
    expect(loaded.body.project.files?.map((file) => file.key)).toContain(`projects/${project.id}/`);

    expectMetric({
      scenario: 'INT-05',
      name: 'project creation (POST /api/projects, one request)',
      value: createMs,
      unit: 'ms',
      threshold: 'value<500',
      target: 'Expected timing: <500ms',
      details: { target: target.kind },
    });
    expectMetric({
      scenario: 'INT-07',
      name: 'project flow: create then load',
      value: flowMs,
      unit: 'ms',
      threshold: 'value<1000',
      target: 'create (<500ms) then load',
      details: { target: target.kind },
    });
  });

  testUnless(NEEDS_STORAGE, '[INT-06] the project is a row in Postgres and a folder in S3, the name stored as raw text, and delete removes both', async () => {
    const hostile = `<img src=x onerror="alert(1)"> ' OR 1=1; DROP TABLE projects; --`;
    const created = await api<ProjectBody>(baseUrl, 'POST', '/api/projects', user.token, { name: hostile, bpm: 120 });
    expect(created.status).toBe(201);
    const { id } = created.body.project;
    expect(await storedProject(id)).toEqual({ rows: [{ owner_id: user.id, name: hostile, bpm: 120, sample_rate: 48_000, bit_depth: 24 }], folderStatus: 200 });
    expect((await api(baseUrl, 'DELETE', `/api/projects/${id}`, user.token)).status).toBe(204);
    expect(await storedProject(id)).toEqual({ rows: [], folderStatus: 404 });
  });

  test('[INT-05] p95 of 20 sequential project creations stays under 500 ms', async () => {
    const histogram = createLatencyHistogram();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const created = await api<ProjectBody>(baseUrl, 'POST', '/api/projects', user.token, { name: `Take ${i}`, bpm: 90 + i });
      expect(created.status).toBe(201);
      recordMilliseconds(histogram, created.elapsedMs);
      ids.push(created.body.project.id);
    }
    const listed = await api<{ projects: { id: string }[] }>(baseUrl, 'GET', '/api/projects', user.token);
    expect(ids.filter((id) => listed.body.projects.some((project) => project.id === id))).toEqual(ids);
    if (sql) expect((await sql.query('SELECT count(*)::int AS n FROM projects WHERE id = ANY($1::uuid[])', [ids])).rows[0].n).toBe(20);
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
    const count = async (): Promise<number> =>
      sql
        ? ((await sql.query('SELECT count(*)::int AS n FROM projects')).rows[0].n as number)
        : (await api<{ projects: unknown[] }>(baseUrl, 'GET', '/api/projects', user.token)).body.projects.length;
    const before = await count();
    const cases: unknown[] = [
      { name: '', bpm: 120 },
      { name: 'x'.repeat(201), bpm: 120 },
      { name: 'Slow', bpm: 10 },
      { name: 'Fast', bpm: 301 },
      { name: 'Rate', sampleRate: 12_345 },
      { name: 'Extra', admin: true },
      { bpm: 120 },
    ];
    for (const body of cases) {
      const response = await api<{ error: { code: string; message: string } }>(baseUrl, 'POST', '/api/projects', user.token, body);
      expect({ body, status: response.status, code: response.body.error?.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    const unauthenticated = await api<{ error: { code: string } }>(baseUrl, 'POST', '/api/projects', undefined, { name: 'No token' });
    expect([unauthenticated.status, unauthenticated.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const after = await count();
    expect(after).toBe(before);
  });

  test('[INT-07] another user cannot load, change or delete the project (403); unknown ids are 404', async () => {
    const created = await api<ProjectBody>(baseUrl, 'POST', '/api/projects', user.token, { name: 'Private', bpm: 100 });
    const other = await target.createUser('other');
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'Mine now' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await api<{ error: { code: string } }>(baseUrl, method, `/api/projects/${created.body.project.id}`, other.token, body);
      expect([method, response.status, response.body.error.code]).toEqual([method, 403, 'FORBIDDEN']);
    }
    const missing = await api<{ error: { code: string } }>(baseUrl, 'GET', '/api/projects/00000000-0000-4000-8000-000000000000', user.token);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const notUuid = await api<{ error: { code: string } }>(baseUrl, 'GET', '/api/projects/1%20OR%201=1', user.token);
    expect([notUuid.status, notUuid.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  test('[INT-07] answers names as raw text in JSON, searches with parameters, and deletes the project', async () => {
    const hostile = `<img src=x onerror="alert(1)"> ' OR 1=1; DROP TABLE projects; --`;
    const created = await api<ProjectBody>(baseUrl, 'POST', '/api/projects', user.token, { name: hostile, bpm: 128 });
    expect(created.status).toBe(201);
    const response = await fetch(`${baseUrl}/api/projects/${created.body.project.id}`, { headers: { authorization: `Bearer ${user.token}` } });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await response.json()) as ProjectBody).project.name).toBe(hostile);

    const search = await api<{ projects: { name: string }[] }>(baseUrl, 'GET', `/api/projects?search=${encodeURIComponent("' OR 1=1")}`, user.token);
    expect(search.body.projects.map((project) => project.name)).toEqual([hostile]);
    const wildcard = await api<{ projects: unknown[] }>(baseUrl, 'GET', `/api/projects?search=${encodeURIComponent('%')}`, user.token);
    expect(wildcard.body.projects).toHaveLength(0);

    const removed = await api(baseUrl, 'DELETE', `/api/projects/${created.body.project.id}`, user.token);
    expect(removed.status).toBe(204);
    expect((await api(baseUrl, 'GET', `/api/projects/${created.body.project.id}`, user.token)).status).toBe(404);
  });
});
