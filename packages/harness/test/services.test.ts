import { randomBytes } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import Redis from 'ioredis';
import { Client } from 'pg';
import { createTestBucket, createTestDatabase, redisKeyPrefix, serviceConnection, type TestBucket, type TestDatabase } from '../src';

/** The run-wide services started by global setup serve real traffic over real connections. */
describe('run-wide services', () => {
  let database: TestDatabase;
  let bucket: TestBucket;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'harness' });
    bucket = await createTestBucket('harness');
  });

  afterAll(async () => {
    await database?.drop();
    await bucket?.drop();
  });

  it('answers a SQL round trip in a database of its own', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)');
      await client.query('INSERT INTO notes (body) VALUES ($1)', ['round trip']);
      const { rows } = await client.query<{ body: string; db: string }>('SELECT body, current_database() AS db FROM notes');
      expect(rows).toEqual([{ body: 'round trip', db: database.name }]);
    } finally {
      await client.end();
    }
  });

  it('keeps each test database separate from the shared one', async () => {
    const shared = new Client({ connectionString: serviceConnection('postgres').url });
    await shared.connect();
    try {
      const { rows } = await shared.query("SELECT to_regclass('public.notes') AS table_name");
      expect(rows[0].table_name).toBeNull();
    } finally {
      await shared.end();
    }
  });

  it('stores and reads a key under a per-file prefix', async () => {
    const prefix = redisKeyPrefix('harness');
    const redis = new Redis(serviceConnection('redis').url, { keyPrefix: prefix, lazyConnect: true });
    await redis.connect();
    try {
      await redis.set('greeting', 'hello', 'EX', 60);
      expect(await redis.get('greeting')).toBe('hello');
      const raw = new Redis(serviceConnection('redis').url);
      expect(await raw.get(`${prefix}greeting`)).toBe('hello');
      raw.disconnect();
    } finally {
      redis.disconnect();
    }
  });

  it('uploads 10 MB in parts and serves it back through a presigned GET with plain fetch', async () => {
    const body = randomBytes(10 * 1024 * 1024);
    const upload = new Upload({
      client: bucket.client,
      params: { Bucket: bucket.name, Key: 'audio/take-1.wav', Body: body, ContentType: 'audio/wav' },
      partSize: 5 * 1024 * 1024,
      queueSize: 2,
    });
    const parts: number[] = [];
    upload.on('httpUploadProgress', (progress) => {
      if (progress.part) parts.push(progress.part);
    });
    await upload.done();
    expect(new Set(parts).size).toBeGreaterThanOrEqual(2);

    const url = await getSignedUrl(bucket.client, new GetObjectCommand({ Bucket: bucket.name, Key: 'audio/take-1.wav' }), { expiresIn: 3600 });
    expect(url).toContain('X-Amz-Expires=3600');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const fetched = Buffer.from(await response.arrayBuffer());
    expect(fetched.length).toBe(body.length);
    expect(fetched.equals(body)).toBe(true);
  });

  it('accepts a presigned PUT from plain fetch', async () => {
    const url = await getSignedUrl(bucket.client, new PutObjectCommand({ Bucket: bucket.name, Key: 'notes.txt' }), { expiresIn: 60 });
    const response = await fetch(url, { method: 'PUT', body: 'presigned body' });
    expect(response.status).toBe(200);
    const object = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.name, Key: 'notes.txt' }));
    expect(await object.Body?.transformToString()).toBe('presigned body');
  });
});
