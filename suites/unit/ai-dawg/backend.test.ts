import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTestBucket, createTestDatabase, freePort, redisKeyPrefix, serviceConnection, type TestBucket, type TestDatabase } from '@orch/harness';
import { Redis } from 'ioredis';
import { buildApp, buildProducerApp, createS3Client, publishProjectEvent, runMigrations, TokenService, type Project } from '@orch/ai-dawg';
import { pg, s3, type FastifyInstance, type Pool } from './support/ai-dawg-deps';
import { call, registerUser, ShiftableClock, type TestUser } from './support/backend-fixture';
import { JsonSocket } from './support/json-socket';

const JWT_SECRET = 'unit-test-secret-that-is-long-enough-0123456789';

describe('AI DAWG backend in-process (real Postgres, Redis, S3)', () => {
  let database: TestDatabase;
  let bucket: TestBucket;
  let pool: Pool;
  let redis: Redis;
  let producer: FastifyInstance;
  let app: FastifyInstance;
  const clock = new ShiftableClock();
  const prefix = redisKeyPrefix('aidawg-backend');
  const extraApps: FastifyInstance[] = [];
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'aidawg_backend' });
    pool = new pg.Pool({ connectionString: database.url, max: 10 });
    expect(await runMigrations(pool)).toEqual(['001_users_projects_beats']);
    bucket = await createTestBucket('aidawg-backend');
    redis = new Redis(serviceConnection('redis').url, { maxRetriesPerRequest: null });
    // Enqueue-only producer: the backend's beat routes forward to it over real HTTP.
    producer = await buildProducerApp({ redis, redisPrefix: prefix, database: pool, s3: bucket.client, bucket: bucket.name, publicBaseUrl: 'http://cdn.test', runWorker: false });
    const producerUrl = await producer.listen({ port: 0, host: '127.0.0.1' });
    app = await buildApp({
      database: pool,
      redis,
      s3: bucket.client,
      bucket: bucket.name,
      jwtSecret: JWT_SECRET,
      clock,
      producerUrl,
      redisPrefix: prefix,
      vocalCoachUrl: 'ws://coach.test/ws/vocal',
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    alice = await registerUser(app, 'alice');
    bob = await registerUser(app, 'bob');
  });

  afterEach(async () => {
    clock.offsetMs = 0;
    await Promise.all(extraApps.splice(0).map((extra) => extra.close()));
  });

  afterAll(async () => {
    await app?.close();
    await producer?.close();
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    await pool?.end();
    await bucket?.drop();
    await database?.drop();
  });

  async function createProject(user: TestUser, body: Record<string, unknown>): Promise<Project> {
    const response = await call(app, 'POST', '/api/projects', user.token, body);
    expect(response.statusCode).toBe(201);
    return response.json<{ project: Project }>().project;
  }

  async function objectKeys(projectId: string): Promise<string[]> {
    const listed = await bucket.client.send(new s3.ListObjectsV2Command({ Bucket: bucket.name, Prefix: `projects/${projectId}/` }));
    return (listed.Contents ?? []).map((object) => object.Key!);
  }

  describe('migrations', () => {
    test('running them again applies nothing and keeps the data', async () => {
      const before = await pool.query('SELECT count(*)::int AS n FROM users');
      expect(await runMigrations(pool)).toEqual([]);
      expect((await pool.query('SELECT count(*)::int AS n FROM users')).rows[0].n).toBe(before.rows[0].n);
      expect((await pool.query('SELECT id FROM schema_migrations')).rows).toEqual([{ id: '001_users_projects_beats' }]);
    });

    test('a failing migration is rolled back and not recorded', async () => {
      const broken = [{ id: '900_broken', sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;' }];
      await expect(runMigrations(pool, broken)).rejects.toThrow(/no_such_table/);
      expect((await pool.query("SELECT to_regclass('half_done') AS t")).rows[0].t).toBeNull();
      expect((await pool.query("SELECT count(*)::int AS n FROM schema_migrations WHERE id = '900_broken'")).rows[0].n).toBe(0);
    });
  });

  describe('auth', () => {
    test('registration returns a token and the user without the password; the hash is scrypt with a salt', async () => {
      const response = await call(app, 'POST', '/api/auth/register', undefined, { email: 'Carol.Case@Example.TEST', password: 'correct horse battery' });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body.user).toEqual({ id: expect.any(String), email: 'carol.case@example.test' });
      expect(response.body).not.toContain('correct horse');
      const stored = (await pool.query('SELECT password_hash FROM users WHERE email = $1', ['carol.case@example.test'])).rows[0].password_hash as string;
      expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      const login = await call(app, 'POST', '/api/auth/login', undefined, { email: 'CAROL.case@example.test', password: 'correct horse battery' });
      expect(login.statusCode).toBe(200);
      expect(login.json().user.id).toBe(body.user.id);
    });

    test('a second registration with the same e-mail in another case is 409 EMAIL_TAKEN', async () => {
      const response = await call(app, 'POST', '/api/auth/register', undefined, { email: alice.email.toUpperCase(), password: 'another-password' });
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('EMAIL_TAKEN');
    });

    test('a wrong password and an unknown e-mail get the same 401 INVALID_CREDENTIALS', async () => {
      const wrong = await call(app, 'POST', '/api/auth/login', undefined, { email: alice.email, password: 'not-the-password' });
      const unknown = await call(app, 'POST', '/api/auth/login', undefined, { email: 'nobody@example.test', password: 'whatever-password' });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
      expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    });

    test.each([
      ['a short password', { email: 'x@example.test', password: 'short' }],
      ['an e-mail without @', { email: 'not-an-email', password: 'long-enough-pw' }],
      ['an extra field', { email: 'x@example.test', password: 'long-enough-pw', admin: true }],
    ])('registration with %s is 400 VALIDATION_FAILED', async (_label, payload) => {
      const response = await call(app, 'POST', '/api/auth/register', undefined, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    });

    test('missing, malformed and foreign-signed tokens are 401 UNAUTHENTICATED; an expired one 401 TOKEN_EXPIRED with a refresh prompt', async () => {
      const foreign = await new TokenService('some-other-secret-which-is-long-enough!', clock).issue({ userId: alice.id, email: alice.email });
      for (const headers of [{}, { authorization: 'Bearer garbage' }, { authorization: `Bearer ${foreign}` }, { authorization: 'Basic abc' }]) {
        const response = await app.inject({ method: 'GET', url: '/api/projects', headers });
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toBe('UNAUTHENTICATED');
      }
      clock.offsetMs = 3_601_000;
      const expired = await call(app, 'GET', '/api/projects', alice.token);
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error).toEqual({ code: 'TOKEN_EXPIRED', message: 'token expired; log in again with POST /api/auth/login to refresh it' });
      expect(expired.headers['www-authenticate']).toMatch(/invalid_token/);
    });

    test('a token is accepted from ?token= (browser WebSockets cannot set headers)', async () => {
      const response = await app.inject({ method: 'GET', url: `/api/projects?token=${alice.token}` });
      expect(response.statusCode).toBe(200);
    });

    test('the token service refuses a short secret', () => {
      expect(() => new TokenService('short', clock)).toThrow(/at least 32/);
    });
  });

  describe('projects', () => {
    test('creating a project stores the row and its S3 folder, with the session defaults', async () => {
      const response = await call(app, 'POST', '/api/projects', alice.token, { name: 'First Song' });
      expect(response.statusCode).toBe(201);
      const { project } = response.json<{ project: Project }>();
      expect(project).toMatchObject({ name: 'First Song', bpm: 120, sampleRate: 48_000, bitDepth: 24, ownerId: alice.id, folder: `projects/${project.id}/` });
      expect(response.headers.location).toBe(`/api/projects/${project.id}`);
      expect(await objectKeys(project.id)).toEqual([`projects/${project.id}/`]);
      const detail = await call(app, 'GET', `/api/projects/${project.id}`, alice.token);
      expect(detail.statusCode).toBe(200);
      expect(detail.json().project).toMatchObject({ id: project.id, files: [{ key: `projects/${project.id}/`, size: 0 }], beats: [] });
    });

    test.each([
      ['an empty name', { name: '' }],
      ['a blank name', { name: '   ' }],
      ['a 201-character name', { name: 'x'.repeat(201) }],
      ['bpm 19', { name: 'a', bpm: 19 }],
      ['bpm 301', { name: 'a', bpm: 301 }],
      ['a 22.05 kHz sample rate', { name: 'a', sampleRate: 22_050 }],
      ['an 8-bit depth', { name: 'a', bitDepth: 8 }],
      ['an unknown field', { name: 'a', ownerId: randomUUID() }],
    ])('a project with %s is 400 VALIDATION_FAILED and nothing is stored', async (_label, payload) => {
      const before = (await pool.query('SELECT count(*)::int AS n FROM projects')).rows[0].n;
      const response = await call(app, 'POST', '/api/projects', alice.token, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String) });
      expect((await pool.query('SELECT count(*)::int AS n FROM projects')).rows[0].n).toBe(before);
    });

    test('bodies that are not JSON, are broken or too large get 415, 400 and 413 with codes', async () => {
      const text = await app.inject({ method: 'POST', url: '/api/projects', headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'text/plain' }, payload: 'name=x' });
      expect([text.statusCode, text.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      const broken = await app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      expect([broken.statusCode, broken.json().error.code]).toEqual([400, 'INVALID_JSON']);
      const empty = await app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
        payload: '',
      });
      expect([empty.statusCode, empty.json().error.code]).toEqual([400, 'INVALID_JSON']);
      const huge = await app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
      });
      expect([huge.statusCode, huge.json().error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      for (const response of [text, broken, empty, huge]) expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    });

    test('search treats SQL and LIKE wildcards as plain text', async () => {
      const owner = await registerUser(app, 'searcher');
      const names = ['Alpha 100%', 'alpha_beta', 'Bravo', "x'); DROP TABLE projects; --", 'back\\slash'];
      for (const name of names) await createProject(owner, { name });
      const search = async (text: string): Promise<string[]> => {
        const response = await call(app, 'GET', `/api/projects?search=${encodeURIComponent(text)}`, owner.token);
        expect(response.statusCode).toBe(200);
        return response
          .json<{ projects: Project[] }>()
          .projects.map((project) => project.name)
          .sort();
      };
      expect(await search('alpha')).toEqual(['Alpha 100%', 'alpha_beta']);
      expect(await search('%')).toEqual(['Alpha 100%']);
      expect(await search('_')).toEqual(['alpha_beta']);
      expect(await search('\\')).toEqual(['back\\slash']);
      expect(await search("' OR '1'='1")).toEqual([]);
      expect(await search("'); DROP TABLE projects; --")).toEqual(["x'); DROP TABLE projects; --"]);
      expect((await pool.query("SELECT to_regclass('projects') AS t")).rows[0].t).toBe('projects');
      const all = await call(app, 'GET', '/api/projects?limit=2', owner.token);
      expect(all.json().projects).toHaveLength(2);
      const bad = await call(app, 'GET', '/api/projects?limit=0', owner.token);
      expect(bad.statusCode).toBe(400);
    });

    test("projects are listed only for their owner, and someone else's project is 403 for read, update, delete and beats", async () => {
      const project = await createProject(alice, { name: 'Private', bpm: 90 });
      const listed = await call(app, 'GET', '/api/projects', bob.token);
      expect(listed.json().projects.map((p: Project) => p.id)).not.toContain(project.id);
      const attempts = [
        call(app, 'GET', `/api/projects/${project.id}`, bob.token),
        call(app, 'PATCH', `/api/projects/${project.id}`, bob.token, { name: 'Mine now' }),
        call(app, 'DELETE', `/api/projects/${project.id}`, bob.token),
        call(app, 'POST', '/api/ai/generate-beat', bob.token, { genre: 'trap', bpm: 140, projectId: project.id }),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('FORBIDDEN');
      }
      const still = await call(app, 'GET', `/api/projects/${project.id}`, alice.token);
      expect(still.json().project.name).toBe('Private');
    });

    test('unknown and malformed ids are 404 and 400', async () => {
      const missing = await call(app, 'GET', `/api/projects/${randomUUID()}`, alice.token);
      expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'NOT_FOUND']);
      const malformed = await call(app, 'GET', '/api/projects/1%20OR%201=1', alice.token);
      expect([malformed.statusCode, malformed.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    test('PATCH renames and re-tempos; an empty patch is 400', async () => {
      const project = await createProject(alice, { name: 'Draft', bpm: 100 });
      clock.offsetMs = 60_000;
      const renamed = await call(app, 'PATCH', `/api/projects/${project.id}`, alice.token, { name: '<b>Final</b>' });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json().project).toMatchObject({ name: '<b>Final</b>', bpm: 100 });
      expect(Date.parse(renamed.json().project.updatedAt) - Date.parse(project.updatedAt)).toBeGreaterThanOrEqual(59_000);
      const retempo = await call(app, 'PATCH', `/api/projects/${project.id}`, alice.token, { bpm: 174 });
      expect(retempo.json().project).toMatchObject({ name: '<b>Final</b>', bpm: 174 });
      const empty = await call(app, 'PATCH', `/api/projects/${project.id}`, alice.token, {});
      expect(empty.statusCode).toBe(400);
    });

    test('DELETE removes the folder objects and the row; a second DELETE is 404', async () => {
      const project = await createProject(alice, { name: 'Doomed' });
      await bucket.client.send(new s3.PutObjectCommand({ Bucket: bucket.name, Key: `projects/${project.id}/take-1.wav`, Body: Buffer.alloc(64) }));
      await pool.query(
        `INSERT INTO beats (id, project_id, job_id, genre, bpm, s3_key, url, duration_ms, created_at) VALUES ($1, $2, $3, 'house', 124, 'k', 'http://cdn.test/k', 1000, now())`,
        [randomUUID(), project.id, `job-${randomUUID()}`],
      );
      const detail = await call(app, 'GET', `/api/projects/${project.id}`, alice.token);
      expect(
        detail
          .json()
          .project.files.map((file: { key: string }) => file.key)
          .sort(),
      ).toEqual([`projects/${project.id}/`, `projects/${project.id}/take-1.wav`]);
      expect(detail.json().project.beats).toEqual([expect.objectContaining({ genre: 'house', bpm: 124, url: 'http://cdn.test/k', durationMs: 1000 })]);
      const deleted = await call(app, 'DELETE', `/api/projects/${project.id}`, alice.token);
      expect(deleted.statusCode).toBe(204);
      expect(await objectKeys(project.id)).toEqual([]);
      expect((await pool.query('SELECT count(*)::int AS n FROM beats WHERE project_id = $1', [project.id])).rows[0].n).toBe(0);
      const again = await call(app, 'DELETE', `/api/projects/${project.id}`, alice.token);
      expect(again.statusCode).toBe(404);
    });
  });

  describe('beat generation through the producer', () => {
    test('a beat request is forwarded to the producer (202 with a queued job) and the job is readable by its owner only', async () => {
      const project = await createProject(alice, { name: 'Beats' });
      const response = await call(app, 'POST', '/api/ai/generate-beat', alice.token, { genre: 'lo-fi', bpm: 80, projectId: project.id, bars: 2 });
      expect(response.statusCode).toBe(202);
      const { job } = response.json();
      expect(job).toMatchObject({ id: expect.stringMatching(/^\d+$/), state: 'queued', data: { genre: 'lo-fi', bpm: 80, projectId: project.id, bars: 2 } });
      const read = await call(app, 'GET', `/api/ai/jobs/${job.id}`, alice.token);
      expect(read.statusCode).toBe(200);
      expect(read.json().job).toMatchObject({ id: job.id, state: 'waiting', attemptsMade: 0, data: { projectId: project.id } });
      const foreign = await call(app, 'GET', `/api/ai/jobs/${job.id}`, bob.token);
      expect(foreign.statusCode).toBe(403);
    });

    test("an unknown job is the producer's 404, a malformed id and an unknown genre are 400", async () => {
      const missing = await call(app, 'GET', '/api/ai/jobs/999999999', alice.token);
      expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'NOT_FOUND']);
      const malformed = await call(app, 'GET', '/api/ai/jobs/abc', alice.token);
      expect(malformed.statusCode).toBe(400);
      const project = await createProject(alice, { name: 'Genres' });
      const genre = await call(app, 'POST', '/api/ai/generate-beat', alice.token, { genre: 'polka', bpm: 100, projectId: project.id });
      expect([genre.statusCode, genre.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    test('a producer that does not answer, or none configured, is 503 naming the producer', async () => {
      const project = await createProject(alice, { name: 'No producer' });
      const deadPort = await freePort();
      const dead = await buildApp({
        database: pool,
        redis,
        s3: bucket.client,
        bucket: bucket.name,
        jwtSecret: JWT_SECRET,
        producerUrl: `http://127.0.0.1:${deadPort}`,
        redisPrefix: prefix,
      });
      const none = await buildApp({ database: pool, redis, s3: bucket.client, bucket: bucket.name, jwtSecret: JWT_SECRET, redisPrefix: prefix });
      extraApps.push(dead, none);
      const body = { genre: 'house', bpm: 124, projectId: project.id };
      const viaDead = await call(dead, 'POST', '/api/ai/generate-beat', alice.token, body);
      expect(viaDead.statusCode).toBe(503);
      expect(viaDead.json().error).toEqual({ code: 'DEPENDENCY_UNAVAILABLE', message: 'producer is unavailable' });
      const viaNone = await call(none, 'POST', '/api/ai/generate-beat', alice.token, body);
      expect(viaNone.statusCode).toBe(503);
      expect(viaNone.json().error.message).toMatch(/^producer is unavailable/);
      const jobViaNone = await call(none, 'GET', '/api/ai/jobs/1', alice.token);
      expect(jobViaNone.statusCode).toBe(503);
    });
  });

  describe('project events over WebSocket', () => {
    const sockets: JsonSocket[] = [];
    afterEach(async () => {
      await Promise.all(sockets.splice(0).map((socket) => socket.close()));
    });
    const wsUrl = (path: string): string => `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}${path}`;

    test("the owner's socket receives beat.ready events published on the project's Redis channel", async () => {
      const project = await createProject(alice, { name: 'Live' });
      const socket = await JsonSocket.connect(wsUrl(`/ws/projects/${project.id}?token=${alice.token}`));
      sockets.push(socket);
      expect(await socket.next()).toEqual({ type: 'subscribed', projectId: project.id });
      const event = {
        type: 'beat.ready' as const,
        projectId: project.id,
        jobId: '7',
        beatId: randomUUID(),
        url: 'http://cdn.test/b.wav',
        s3Key: 'b.wav',
        genre: 'trap',
        bpm: 140,
        durationMs: 8000,
        at: new Date().toISOString(),
      };
      expect(await publishProjectEvent(redis, prefix, event)).toBeGreaterThanOrEqual(1);
      expect(await socket.next()).toEqual(event);
      // Garbage on the channel is ignored; the next real event still arrives.
      await redis.publish(`${prefix}project-events:${project.id}`, 'not json');
      const failed = { type: 'beat.failed' as const, projectId: project.id, jobId: '8', reason: 'boom', at: new Date().toISOString() };
      await publishProjectEvent(redis, prefix, failed);
      expect(await socket.next()).toEqual(failed);
    });

    test("a socket without a token, for a malformed id or for someone else's project is refused with a coded close", async () => {
      const project = await createProject(alice, { name: 'Guarded' });
      const cases: Array<[string, number, string]> = [
        [`/ws/projects/${project.id}`, 4401, 'UNAUTHENTICATED'],
        [`/ws/projects/not-a-uuid?token=${alice.token}`, 4404, 'NOT_FOUND'],
        [`/ws/projects/${project.id}?token=${bob.token}`, 4403, 'FORBIDDEN'],
      ];
      for (const [path, code, errorCode] of cases) {
        const socket = await JsonSocket.connect(wsUrl(path));
        sockets.push(socket);
        expect((await socket.next()).error).toMatchObject({ code: errorCode });
        expect(await socket.closed).toEqual({ code, reason: errorCode });
      }
    });
  });

  describe('studio page', () => {
    test('the page embeds the configuration as script-safe JSON and the project id escaped', async () => {
      const projectId = randomUUID();
      const token = '</script><script>alert(1)</script>';
      const response = await app.inject({ method: 'GET', url: `/studio/${projectId}?token=${encodeURIComponent(token)}&source=demo&notes=220,440&noteSeconds=0.5` });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.body).toContain(`<code id="project-id">${projectId}</code>`);
      expect(response.body).not.toContain('<script>alert(1)');
      const json = /<script id="studio-config" type="application\/json">(.*)<\/script>/.exec(response.body)![1]!;
      expect(JSON.parse(json)).toEqual({ projectId, token, coachUrl: 'ws://coach.test/ws/vocal', source: 'demo', notes: [220, 440], noteSeconds: 0.5 });
      const defaults = await app.inject({ method: 'GET', url: `/studio/${projectId}?coach=wss://other.test/ws` });
      const config = JSON.parse(/<script id="studio-config" type="application\/json">(.*)<\/script>/.exec(defaults.body)![1]!);
      expect(config).toMatchObject({ coachUrl: 'wss://other.test/ws', source: 'mic', notes: [220, 246.94, 261.63, 293.66], noteSeconds: 1 });
    });

    test('the studio script is served and bad studio parameters are 400', async () => {
      const script = await app.inject({ method: 'GET', url: '/studio-assets/studio.js' });
      expect(script.statusCode).toBe(200);
      expect(script.headers['content-type']).toContain('text/javascript');
      expect(script.body).toContain('WebSocket');
      for (const query of ['coach=javascript:alert(1)', 'source=tape', 'notes=1;2', 'noteSeconds=60']) {
        const response = await app.inject({ method: 'GET', url: `/studio/${randomUUID()}?${query}` });
        expect([query, response.statusCode, response.json().error.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
      }
    });
  });

  describe('health and dependency failures', () => {
    test('health reports every dependency up with latencies and saturation figures', async () => {
      const response = await app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(200);
      const report = response.json();
      expect(report).toMatchObject({ service: 'ai-dawg-backend', status: 'healthy' });
      expect(report.dependencies.map((d: { name: string; status: string }) => [d.name, d.status])).toEqual([
        ['postgres', 'up'],
        ['redis', 'up'],
        ['s3', 'up'],
      ]);
      expect(report.saturation.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(report.saturation.memoryPercent).toBeGreaterThan(0);
      expect(report.saturation.memory.heapUsedRatio).toBeGreaterThan(0);
      expect(report.saturation.cpu.cores).toBeGreaterThanOrEqual(1);
    });

    test('a dead Postgres is 503 naming postgres on every route, and health says so', async () => {
      const port = await freePort();
      const dead = await buildApp({ database: `postgres://u:p@127.0.0.1:${port}/none`, redis, s3: bucket.client, bucket: bucket.name, jwtSecret: JWT_SECRET, redisPrefix: prefix });
      extraApps.push(dead);
      const register = await call(dead, 'POST', '/api/auth/register', undefined, { email: 'dead@example.test', password: 'long-enough-pw' });
      expect(register.json()).toEqual({ error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'postgres is unavailable' } });
      expect(register.statusCode).toBe(503);
      const login = await call(dead, 'POST', '/api/auth/login', undefined, { email: 'dead@example.test', password: 'long-enough-pw' });
      expect(login.statusCode).toBe(503);
      for (const response of [
        await call(dead, 'POST', '/api/projects', alice.token, { name: 'x' }),
        await call(dead, 'GET', '/api/projects', alice.token),
        await call(dead, 'GET', `/api/projects/${randomUUID()}`, alice.token),
      ]) {
        expect([response.statusCode, response.json().error.message]).toEqual([503, 'postgres is unavailable']);
      }
      const health = await dead.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json().dependencies.find((d: { name: string }) => d.name === 'postgres')).toMatchObject({ status: 'down', error: expect.any(String) });
    });

    test('a dead S3 during create is 503 naming s3 and leaves no project row', async () => {
      const port = await freePort();
      const deadS3 = createS3Client({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', accessKeyId: 'x', secretAccessKey: 'y' });
      const dead = await buildApp({ database: pool, redis, s3: deadS3, bucket: bucket.name, jwtSecret: JWT_SECRET, redisPrefix: prefix });
      extraApps.push(dead);
      const name = `lost-${randomUUID()}`;
      const response = await call(dead, 'POST', '/api/projects', alice.token, { name });
      expect(response.statusCode).toBe(503);
      expect(response.json().error).toEqual({ code: 'DEPENDENCY_UNAVAILABLE', message: 's3 is unavailable' });
      expect((await pool.query('SELECT count(*)::int AS n FROM projects WHERE name = $1', [name])).rows[0].n).toBe(0);
      const health = await dead.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      deadS3.destroy();
    });

    test('a missing bucket (a configuration fault) is a 500 INTERNAL without internals and leaves no row', async () => {
      const misconfigured = await buildApp({ database: pool, redis, s3: bucket.client, bucket: `${bucket.name}-missing`, jwtSecret: JWT_SECRET, redisPrefix: prefix });
      extraApps.push(misconfigured);
      const name = `orphan-${randomUUID()}`;
      const response = await call(misconfigured, 'POST', '/api/projects', alice.token, { name });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
      expect((await pool.query('SELECT count(*)::int AS n FROM projects WHERE name = $1', [name])).rows[0].n).toBe(0);
      const health = await misconfigured.inject({ method: 'GET', url: '/health' });
      expect(health.json().dependencies.find((d: { name: string }) => d.name === 's3').status).toBe('down');
    });
  });
});
