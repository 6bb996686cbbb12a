import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { buildApp, createS3Client, runMigrations } from '@orch/ai-dawg';
import {
  createTestBucket,
  createTestDatabase,
  expectMetric,
  recordMetric,
  redisKeyPrefix,
  serviceConnection,
  startLocalPostgres,
  testUnless,
  waitUntil,
  type StartedService,
  type TestBucket,
  type TestDatabase,
} from '@orch/harness';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { randomBytes } from 'node:crypto';
import { api, registerUser } from './support/ai-dawg-env';
import { postgresControls, startRestartableS3 } from './support/restartable-services';
import { NEEDS_CONTROL } from './support/target-reasons';

type FastifyInstance = Awaited<ReturnType<typeof buildApp>>;

interface Created {
  project?: { id: string };
  error?: { code: string; message: string };
}

async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

async function folderExists(s3: S3Client, bucket: string, id: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `projects/${id}/` }));
    return true;
  } catch {
    return false;
  }
}

const MAX_SENDS_DURING_FAULT = 200;

/**
 * Creations every 15 ms: `before` of them, then the fault starts, requests keep coming while it
 * takes effect (those are the ones in flight when the dependency goes), and `after` more once it
 * has completed — however slow the machine, some requests meet the dependency down.
 */
async function burstWithFault(
  baseUrl: string,
  token: string,
  before: number,
  after: number,
  fault: () => Promise<void>,
): Promise<{ status: number; body: Created; name: string }[]> {
  const pending: Promise<{ status: number; body: Created; name: string }>[] = [];
  const send = (): void => {
    const name = `Burst ${pending.length}`;
    pending.push(api<Created>(baseUrl, 'POST', '/api/projects', token, { name, bpm: 100 }).then((response) => ({ ...response, name })));
  };
  const pause = () => new Promise((resolve) => setTimeout(resolve, 15));
  for (let i = 0; i < before; i++) {
    send();
    await pause();
  }
  let faultDone = false;
  const faulted = fault().finally(() => (faultDone = true));
  // Bounded: a fault that never completes fails the test on its own instead of making it send forever.
  for (let during = 0; !faultDone && during < MAX_SENDS_DURING_FAULT; during++) {
    send();
    await pause();
  }
  await faulted;
  for (let i = 0; i < after; i++) {
    send();
    await pause();
  }
  return Promise.all(pending);
}

describe('Dependency faults: a dedicated Postgres or S3 stops mid-request, the API answers 503 and loses nothing acknowledged', () => {
  const redis = new Redis(serviceConnection('redis').url, { maxRetriesPerRequest: 1 });
  afterAll(() => redis.disconnect());

  describe('Postgres stops and restarts with the same data directory', () => {
    let postgres: StartedService;
    let pool: Pool;
    let bucket: TestBucket;
    let app: FastifyInstance;
    let baseUrl: string;

    beforeAll(async () => {
      postgres = await startLocalPostgres();
      pool = new Pool({ connectionString: postgres.connection.url, max: 10, connectionTimeoutMillis: 2_000 });
      pool.on('error', () => undefined);
      await runMigrations(pool);
      bucket = await createTestBucket('int-fault-pg');
      app = await buildApp({
        database: pool,
        redis,
        s3: bucket.client,
        bucket: bucket.name,
        jwtSecret: randomBytes(32).toString('hex'),
        redisPrefix: redisKeyPrefix('int-fault-pg'),
      });
      baseUrl = await listen(app);
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await pool?.end();
      await bucket?.drop();
      await postgres?.stop();
    });

    testUnless(
      NEEDS_CONTROL,
      '[INT-05] [INT-06] creations in flight when Postgres stops get 201 or 503 "postgres is unavailable"; every 201 survives the restart, no 503 leaves a folder, new writes succeed',
      async () => {
        const user = await registerUser(baseUrl, 'outage');
        const before = await api<Created>(baseUrl, 'POST', '/api/projects', user.token, { name: 'Before outage', bpm: 120 });
        expect(before.status).toBe(201);
        const controls = postgresControls(postgres);

        const responses = await burstWithFault(baseUrl, user.token, 6, 5, () => controls.stop());
        expect(responses.every((response) => response.status === 201 || response.status === 503)).toBe(true);
        const refused = responses.filter((response) => response.status === 503);
        expect(refused.length).toBeGreaterThan(0);
        for (const response of refused) expect(response.body).toEqual({ error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'postgres is unavailable' } });

        const started = performance.now();
        const duringOutage = await api<Created>(baseUrl, 'POST', '/api/projects', user.token, { name: 'During outage', bpm: 120 });
        const refusalMs = performance.now() - started;
        expect([duringOutage.status, duringOutage.body.error?.code]).toEqual([503, 'DEPENDENCY_UNAVAILABLE']);
        const health = await fetch(`${baseUrl}/health`);
        expect(health.status).toBe(503);
        expect(((await health.json()) as { dependencies: { name: string; status: string }[] }).dependencies.find((dependency) => dependency.name === 'postgres')?.status).toBe(
          'down',
        );

        // No 503 left an orphan folder: the bucket holds exactly the acknowledged projects' folders.
        const acknowledged = [before, ...responses.filter((response) => response.status === 201)].map((response) => response.body.project!.id);
        const listed = await bucket.client.send(new ListObjectsV2Command({ Bucket: bucket.name }));
        expect((listed.Contents ?? []).map((object) => object.Key).sort()).toEqual(acknowledged.map((id) => `projects/${id}/`).sort());

        const outageStarted = performance.now();
        await controls.start();
        await waitUntil(async () => (await fetch(`${baseUrl}/health`)).status === 200, { timeoutMs: 15_000, what: 'backend healthy after Postgres restart' });
        const recoveryMs = performance.now() - outageStarted;
        const after = await api<Created>(baseUrl, 'POST', '/api/projects', user.token, { name: 'After outage', bpm: 120 });
        expect(after.status).toBe(201);

        const rows = await pool.query<{ id: string }>('SELECT id FROM projects WHERE owner_id = $1', [user.id]);
        const stored = new Set(rows.rows.map((row) => row.id));
        const lost = acknowledged.filter((id) => !stored.has(id));
        expect(stored.size).toBe(acknowledged.length + 1);
        expectMetric({
          name: 'acknowledged projects lost across a Postgres outage',
          value: lost.length,
          unit: 'count',
          threshold: 'count==0',
          target: '0 data integrity issues',
          details: { acknowledged: acknowledged.length, refusedWith503: refused.length },
        });
        expectMetric({
          name: '503 answer time while Postgres is down',
          value: refusalMs,
          unit: 'ms',
          threshold: 'value<5000',
          target: 'a clear 503 naming the dependency, not a hang',
        });
        recordMetric({
          name: 'backend healthy again after Postgres restart',
          value: recoveryMs,
          unit: 'ms',
          details: { how: 'pg_ctl stop -m fast, then start on the same data directory and port' },
        });
      },
      60_000,
    );
  });

  describe('S3 stops and restarts with the same directory', () => {
    let s3Server: Awaited<ReturnType<typeof startRestartableS3>>;
    let s3: S3Client;
    let database: TestDatabase;
    let pool: Pool;
    let app: FastifyInstance;
    let baseUrl: string;
    const bucket = 'fault-bucket';

    beforeAll(async () => {
      s3Server = await startRestartableS3();
      s3 = createS3Client({ endpoint: s3Server.url, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      database = await createTestDatabase({ prefix: 'int_fault_s3' });
      pool = new Pool({ connectionString: database.url, max: 10 });
      // As in the Postgres block: the database is dropped WITH (FORCE) at the end, which terminates
      // any connection still open; that must not surface as an unhandled 'error' event.
      pool.on('error', () => undefined);
      await runMigrations(pool);
      app = await buildApp({ database: pool, redis, s3, bucket, jwtSecret: randomBytes(32).toString('hex'), redisPrefix: redisKeyPrefix('int-fault-s3') });
      baseUrl = await listen(app);
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await pool?.end();
      await database?.drop();
      s3?.destroy();
      await s3Server?.dispose();
    });

    testUnless(
      NEEDS_CONTROL,
      '[INT-05] [INT-06] creations in flight when S3 stops get 201 or 503 "s3 is unavailable"; no 503 leaves a row, every 201 keeps row and folder, new writes succeed after restart',
      async () => {
        const user = await registerUser(baseUrl, 's3outage');
        const responses = await burstWithFault(baseUrl, user.token, 6, 5, () => s3Server.stop());
        expect(responses.every((response) => response.status === 201 || response.status === 503)).toBe(true);
        const refused = responses.filter((response) => response.status === 503);
        expect(refused.length).toBeGreaterThan(0);
        for (const response of refused) expect(response.body).toEqual({ error: { code: 'DEPENDENCY_UNAVAILABLE', message: 's3 is unavailable' } });

        const rows = await pool.query<{ id: string; name: string }>('SELECT id, name FROM projects WHERE owner_id = $1', [user.id]);
        const acknowledged = responses.filter((response) => response.status === 201).map((response) => response.body.project!.id);
        // Rolled back: the rows are exactly the acknowledged ones.
        expect(rows.rows.map((row) => row.id).sort()).toEqual([...acknowledged].sort());
        const health = await fetch(`${baseUrl}/health`);
        expect(health.status).toBe(503);

        await s3Server.start();
        await waitUntil(async () => (await fetch(`${baseUrl}/health`)).status === 200, { timeoutMs: 15_000, what: 'backend healthy after S3 restart' });
        const missingFolders: string[] = [];
        for (const id of acknowledged) if (!(await folderExists(s3, bucket, id))) missingFolders.push(id);
        const after = await api<Created>(baseUrl, 'POST', '/api/projects', user.token, { name: 'After S3 outage', bpm: 120 });
        expect(after.status).toBe(201);
        expect(await folderExists(s3, bucket, after.body.project!.id)).toBe(true);
        expectMetric({
          name: 'acknowledged projects missing row or folder across an S3 outage',
          value: missingFolders.length,
          unit: 'count',
          threshold: 'count==0',
          target: '0 data integrity issues',
          details: { acknowledged: acknowledged.length, refusedWith503: refused.length, how: 's3rver closed, then started again on the same port and directory' },
        });
      },
      60_000,
    );
  });
});
