import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTestBucket, serviceConnection, type TestBucket } from '@orch/harness';
import {
  AppError,
  createS3Client,
  DependencyUnavailableError,
  ensureBucket,
  ERROR_CODES,
  errorCodes,
  escapeHtml,
  HealthReporter,
  readMigrations,
  MIGRATIONS_DIRECTORY,
  systemClock,
  type Clock,
  requiredEnv,
  s3FromEnv,
  callDependency,
  withTimeout,
  hashPassword,
  verifyPassword,
} from '@orch/ai-dawg';
import { s3 } from './support/ai-dawg-deps';

const ERRORS_MD = fs.readFileSync(path.join(__dirname, '../../../packages/ai-dawg/ERRORS.md'), 'utf8');

describe('error registry', () => {
  test('every registered code is documented in ERRORS.md with its HTTP status, and every documented code is registered', () => {
    for (const code of errorCodes()) {
      const row = ERRORS_MD.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
      expect([code, row]).toEqual([code, expect.stringContaining(String(ERROR_CODES[code].status))]);
      expect(ERROR_CODES[code].description.length).toBeGreaterThan(10);
    }
    const documented = [...ERRORS_MD.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual([...errorCodes()].sort());
  });

  test('an AppError carries its registry status and serialises to { error: { code, message } }', () => {
    const error = new AppError('FORBIDDEN', 'project belongs to another user');
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.status]).toEqual(['AppError', 403]);
    expect(error.toJSON()).toEqual({ error: { code: 'FORBIDDEN', message: 'project belongs to another user' } });
    const down = new DependencyUnavailableError('redis', new Error('ECONNREFUSED'));
    expect([down.status, down.code, down.message, down.dependency]).toEqual([503, 'DEPENDENCY_UNAVAILABLE', 'redis is unavailable', 'redis']);
  });
});

describe('dependency calls', () => {
  const fail = (error: unknown) => () => Promise.reject(error);

  test('connection failures become 503s naming the dependency', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(callDependency('postgres', fail(refused))).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', message: 'postgres is unavailable', causeError: refused });
    // SQLSTATE 57P01 (admin shutdown) and 08006 (connection failure) mean "not there".
    await expect(callDependency('postgres', fail(Object.assign(new Error('terminating'), { code: '57P01' })))).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(callDependency('postgres', fail(Object.assign(new Error('lost'), { code: '08006' })))).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(callDependency('s3', fail(Object.assign(new Error('503'), { $metadata: { httpStatusCode: 503 } })))).rejects.toMatchObject({ message: 's3 is unavailable' });
    await expect(callDependency('redis', fail('a string'))).rejects.toMatchObject({ message: 'redis is unavailable' });
  });

  test('our own mistakes pass through unchanged: bad SQL, S3 4xx, AppErrors', async () => {
    const badSql = Object.assign(new Error('syntax error'), { code: '42601' });
    await expect(callDependency('postgres', fail(badSql))).rejects.toBe(badSql);
    const noSuchKey = Object.assign(new Error('NoSuchKey'), { $metadata: { httpStatusCode: 404 } });
    await expect(callDependency('s3', fail(noSuchKey))).rejects.toBe(noSuchKey);
    const forbidden = new AppError('FORBIDDEN', 'no');
    await expect(callDependency('postgres', fail(forbidden))).rejects.toBe(forbidden);
    await expect(callDependency('postgres', () => Promise.resolve(42))).resolves.toBe(42);
  });

  test('withTimeout rejects with the given error when the promise hangs, and passes a prompt result through', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, () => new Error('hung'))).rejects.toThrow('hung');
    await expect(withTimeout(Promise.resolve('ok'), 1_000, () => new Error('hung'))).resolves.toBe('ok');
  });
});

describe('health reporter', () => {
  test('a dependency that fails or never answers is down with its reason; the rest stay up', async () => {
    let now = 1_000_000;
    const clock: Clock = { ...systemClock, now: () => now };
    const reporter = new HealthReporter(
      'svc',
      [
        { name: 'fast', check: () => Promise.resolve() },
        { name: 'broken', check: () => Promise.reject(new Error('connection refused')) },
        { name: 'silent', check: () => Promise.reject('') },
        { name: 'hung', check: () => new Promise(() => undefined) },
      ],
      clock,
      50,
    );
    try {
      now += 2_500;
      const report = await reporter.report();
      expect(report).toMatchObject({ service: 'svc', status: 'unhealthy', uptimeSeconds: 2.5, timestamp: new Date(now).toISOString() });
      expect(report.dependencies).toEqual([
        { name: 'fast', status: 'up', latencyMs: expect.any(Number) },
        { name: 'broken', status: 'down', latencyMs: expect.any(Number), error: 'connection refused' },
        { name: 'silent', status: 'down', latencyMs: expect.any(Number), error: '' },
        { name: 'hung', status: 'down', latencyMs: expect.any(Number), error: 'no answer within 50 ms' },
      ]);
      expect(report.dependencies[3]!.latencyMs).toBeGreaterThanOrEqual(45);
      expect(report.saturation.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(report.saturation.cpuPercent).toBeLessThanOrEqual(100);
      expect(report.saturation.eventLoopDelayMs.p99).toBeGreaterThanOrEqual(0);
    } finally {
      reporter.close();
    }
  });

  test('with no dependencies the service is healthy', async () => {
    const reporter = new HealthReporter('solo', [], systemClock);
    try {
      expect((await reporter.report()).status).toBe('healthy');
    } finally {
      reporter.close();
    }
  });
});

describe('html escape', () => {
  test('markup characters become numeric entities, other text is unchanged', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&\``)).toBe('&#60;img src=x onerror=&#34;alert(&#39;1&#39;)&#34;&#62;&#38;&#96;');
    expect(escapeHtml('Beat #1 – Ünïcode 🎵')).toBe('Beat #1 – Ünïcode 🎵');
  });
});

describe('configuration from the environment', () => {
  test('a missing required variable is named', () => {
    expect(() => requiredEnv('DATABASE_URL', {})).toThrow('DATABASE_URL is required');
    expect(() => requiredEnv('DATABASE_URL', { DATABASE_URL: '' })).toThrow('DATABASE_URL is required');
    expect(requiredEnv('DATABASE_URL', { DATABASE_URL: 'postgres://x' })).toBe('postgres://x');
  });

  test('S3 settings default the region and bucket and read the rest', () => {
    expect(s3FromEnv({})).toEqual({ endpoint: undefined, region: 'us-east-1', accessKeyId: undefined, secretAccessKey: undefined, bucket: 'ai-dawg' });
    expect(s3FromEnv({ S3_ENDPOINT: 'http://s3.test', S3_REGION: 'eu-west-1', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b', S3_BUCKET: 'mine' })).toEqual({
      endpoint: 'http://s3.test',
      region: 'eu-west-1',
      accessKeyId: 'a',
      secretAccessKey: 'b',
      bucket: 'mine',
    });
  });

  test('migrations are read in name order from the package', () => {
    const migrations = readMigrations();
    expect(migrations.map((migration) => migration.id)).toEqual(
      fs
        .readdirSync(MIGRATIONS_DIRECTORY)
        .filter((file) => file.endsWith('.sql'))
        .sort()
        .map((file) => file.slice(0, -4)),
    );
    expect(migrations[0]!.sql).toContain('CREATE TABLE users');
  });
});

describe('password hashing', () => {
  test('hashes are salted, verify only the right password, and a malformed stored hash never verifies', async () => {
    const [a, b] = await Promise.all([hashPassword('open sesame'), hashPassword('open sesame')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('open sesame', a)).toBe(true);
    expect(await verifyPassword('open sesam', a)).toBe(false);
    expect(await verifyPassword('open sesame', 'md5$abc')).toBe(false);
    expect(await verifyPassword('open sesame', 'scrypt$16384$8$1$$')).toBe(false);
  });
});

describe('S3 client and bucket bootstrap', () => {
  let bucket: TestBucket;
  const created: string[] = [];
  beforeAll(async () => {
    bucket = await createTestBucket('aidawg-s3');
  });
  afterAll(async () => {
    for (const name of created) await bucket.client.send(new s3.DeleteBucketCommand({ Bucket: name })).catch(() => undefined);
    await bucket?.drop();
  });

  test('ensureBucket creates a missing bucket once and leaves an existing one alone', async () => {
    const connection = serviceConnection('s3');
    const client = createS3Client({
      endpoint: connection.url,
      region: connection.region ?? 'us-east-1',
      accessKeyId: connection.accessKeyId,
      secretAccessKey: connection.secretAccessKey,
    });
    try {
      const name = `${bucket.name}-boot`;
      created.push(name);
      await ensureBucket(client, name);
      await expect(client.send(new s3.HeadBucketCommand({ Bucket: name }))).resolves.toBeDefined();
      await client.send(new s3.PutObjectCommand({ Bucket: name, Key: 'keep.txt', Body: 'kept' }));
      await ensureBucket(client, name);
      const kept = await client.send(new s3.GetObjectCommand({ Bucket: name, Key: 'keep.txt' }));
      expect(await kept.Body!.transformToString()).toBe('kept');
      await client.send(new s3.DeleteObjectCommand({ Bucket: name, Key: 'keep.txt' }));
    } finally {
      client.destroy();
    }
  });

  test('a client without credentials or endpoint is still constructed for the default AWS chain', () => {
    const client = createS3Client({ region: 'eu-central-1' });
    try {
      expect(client.config.forcePathStyle).toBe(false);
    } finally {
      client.destroy();
    }
  });
});
