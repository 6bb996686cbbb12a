import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import {
  createTestBucket,
  createTestDatabase,
  readSidecarRecords,
  readTargetRecords,
  redisKeyPrefix,
  repositoryRoot,
  serviceConnection,
  type TestBucket,
  type TestDatabase,
} from '@orch/harness';
import { Client } from 'pg';
import { aiDawgEnv, registerUser } from './support/ai-dawg-env';
import { AI_DAWG_ENTRIES, startServiceProcess, type ServiceProcess } from './support/service-process';

const run = promisify(execFile);

interface JestJson {
  numFailedTests: number;
  testResults: { assertionResults: { title: string; status: string }[] }[];
}

/**
 * The integration project flow pointed by URL at an AI DAWG backend started separately as a plain
 * process: a nested Jest run of project-creation.test.ts with AIDAWG_URL and AIDAWG_TOKEN, and no
 * services of its own (ORCH_SERVICES=none), so everything it checks goes through that URL.
 */
describe('Deployed target by URL: the project flow against an AI DAWG started elsewhere', () => {
  let database: TestDatabase;
  let bucket: TestBucket;
  let backend: ServiceProcess;
  let scratch: string;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'int_deployed' });
    bucket = await createTestBucket('int-deployed');
    backend = await startServiceProcess(
      AI_DAWG_ENTRIES.backend,
      aiDawgEnv({
        databaseUrl: database.url,
        redisUrl: serviceConnection('redis').url,
        s3: serviceConnection('s3'),
        bucket: bucket.name,
        redisPrefix: redisKeyPrefix('int-deployed'),
      }),
    );
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-int-deployed-'));
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    await bucket?.drop();
    await database?.drop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('the project-creation suite runs against AIDAWG_URL, names its target, and records the storage checks as not run', async () => {
    const owner = await registerUser(backend.url, 'deployed-owner');
    const runDirectory = path.join(scratch, 'run');
    const resultFile = path.join(scratch, 'result.json');
    const root = repositoryRoot();
    const environment: NodeJS.ProcessEnv = {
      ...process.env,
      AIDAWG_URL: `${backend.url}/`,
      AIDAWG_TOKEN: owner.token,
      ORCH_SERVICES: 'none',
      ORCH_RUN_DIR: runDirectory,
      ORCH_REPORTS_DIR: path.join(scratch, 'reports'),
      ORCH_COVERAGE: '0',
    };
    // The nested run must find no services of this run: only the URL leads to the system.
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'S3_ENDPOINT', 'JEST_WORKER_ID']) delete environment[name];
    const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
    await run(
      process.execPath,
      [jest, '--selectProjects', 'integration', '--testPathPatterns', 'project-creation', '--reporters', 'default', '--json', '--outputFile', resultFile, '--ci'],
      { cwd: root, env: environment, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: Error & { stderr?: string }) => {
      throw new Error(`nested run failed: ${error.message}\n${error.stderr ?? ''}`);
    });

    const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as JestJson;
    const statuses = Object.fromEntries(result.testResults.flatMap((file) => file.assertionResults.map((test) => [test.title.replace(/ — not run:.*/, ''), test.status])));
    expect(result.numFailedTests).toBe(0);
    expect(Object.entries(statuses).filter(([, status]) => status === 'passed').length).toBe(5);
    expect(Object.entries(statuses).filter(([title, status]) => status === 'pending' && title.startsWith('[INT-06]')).length).toBe(1);

    expect(readTargetRecords(runDirectory).map((record) => [record.agent, record.system, record.targetKind, record.baseUrl])).toEqual([
      ['integration', 'ai-dawg', 'url', backend.url],
    ]);
    const notRun = readSidecarRecords(runDirectory).filter((record) => record.kind === 'not-run');
    expect(notRun.map((record) => [record.scenarios, record.kind === 'not-run' ? record.reason : ''])).toEqual([
      [['INT-06'], `needs the system's database and bucket; target is ${backend.url}`],
    ]);

    // The projects the nested run created are in the separately started backend's database.
    const sql = new Client({ connectionString: database.url });
    await sql.connect();
    try {
      const owned = await sql.query('SELECT count(*)::int AS n FROM projects p JOIN users u ON u.id = p.owner_id');
      expect(owned.rows[0].n).toBeGreaterThanOrEqual(20);
    } finally {
      await sql.end();
    }
  }, 150_000);
});
