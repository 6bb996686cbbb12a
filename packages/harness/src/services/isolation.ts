import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { S3Client, CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { connectionFromEnvironment } from './environment-services';
import type { ServiceConnection, ServiceName } from './started-service';

export class ServiceNotConfiguredError extends Error {
  readonly code = 'SERVICE_NOT_CONFIGURED';
  constructor(service: ServiceName) {
    super(`${service} is not configured for this test: run it through the root Jest config (its global setup starts the services) or set the service's URL variable`);
    this.name = 'ServiceNotConfiguredError';
  }
}

/** The connection global setup published for this run. */
export function serviceConnection(name: ServiceName): ServiceConnection {
  const connection = connectionFromEnvironment(name);
  if (!connection) throw new ServiceNotConfiguredError(name);
  return connection;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export interface TestDatabase extends AsyncDisposable {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A database of its own for one test file, created from a template (template1 unless given). */
export async function createTestDatabase(options: { template?: string; prefix?: string } = {}): Promise<TestDatabase> {
  const base = serviceConnection('postgres').url;
  const name = uniqueName(options.prefix ?? 'test').toLowerCase();
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${options.template ?? 'template1'}"`);
  } finally {
    await admin.end();
  }
  const drop = async (): Promise<void> => {
    const client = new Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  return { name, url: withDatabase(base, name), drop, [Symbol.asyncDispose]: drop };
}

/** A key prefix that isolates one test file's Redis keys (and BullMQ queues) from the others. */
export function redisKeyPrefix(label = 'test'): string {
  return `${uniqueName(label)}:`;
}

/** An S3 client set up for s3rver/MinIO: path style, checksums only when required. */
export function createS3Client(connection: ServiceConnection = serviceConnection('s3')): S3Client {
  return new S3Client({
    endpoint: connection.url,
    region: connection.region ?? 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: connection.accessKeyId ?? 'S3RVER', secretAccessKey: connection.secretAccessKey ?? 'S3RVER' },
    // s3rver stores a streamed body with its aws-chunked framing unless checksums are off.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export interface TestBucket extends AsyncDisposable {
  name: string;
  client: S3Client;
  drop(): Promise<void>;
}

/** A bucket of its own for one test file; dropping it empties and deletes it. */
export async function createTestBucket(prefix = 'test'): Promise<TestBucket> {
  const client = createS3Client();
  const name = uniqueName(prefix).toLowerCase().replace(/_/g, '-');
  await client.send(new CreateBucketCommand({ Bucket: name }));
  const drop = async (): Promise<void> => {
    for (;;) {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: name }));
      const keys = (listed.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
      if (keys.length === 0) break;
      await client.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: keys } }));
    }
    await client.send(new DeleteBucketCommand({ Bucket: name }));
    client.destroy();
  };
  return { name, client, drop, [Symbol.asyncDispose]: drop };
}
