import { createHash, randomBytes } from 'node:crypto';
import {
  GetBucketLifecycleConfigurationCommand,
  GetBucketReplicationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createTestBucket, expectMetric, readServicesFile, runDirectory, testUnless, type TestBucket } from '@orch/harness';
import { readDeployJson } from '../src/artifacts/deploy-files';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The harness's local S3 is s3rver, which has no lifecycle, versioning or replication API. */
const s3Provider = readServicesFile(runDirectory())?.services.find((service) => service.name === 's3')?.provider;
const noBucketConfiguration =
  s3Provider === 'local'
    ? 's3rver (the local S3 of this run) implements no lifecycle, versioning or replication API; the configuration is validated against the S3 API shapes in deploy-artifacts.test.ts'
    : undefined;

/** A 10 MB mono 16-bit 48 kHz WAV of noise: the size of a short vocal take. */
function tenMegabyteWav(): Buffer {
  const dataBytes = 10 * 1024 * 1024 - 44;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(48_000, 24);
  header.writeUInt32LE(96_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(dataBytes, 40);
  return Buffer.concat([header, randomBytes(dataBytes)]);
}

describe('S3 storage: multipart upload, presigned URLs, lifecycle and replication', () => {
  let bucket: TestBucket;
  beforeAll(async () => {
    bucket = await createTestBucket('cloud-s3');
  });
  afterAll(() => bucket?.drop());

  test('[CLOUD-25] a 10 MB audio file uploads in parts and reads back byte-identical', async () => {
    const audio = tenMegabyteWav();
    const upload = new Upload({
      client: bucket.client,
      params: { Bucket: bucket.name, Key: 'takes/vocal.wav', Body: audio, ContentType: 'audio/wav' },
      partSize: 5 * 1024 * 1024,
      queueSize: 2,
    });
    const parts: number[] = [];
    upload.on('httpUploadProgress', (progress) => {
      if (progress.part) parts.push(progress.part);
    });
    const completed = await upload.done();
    const head = await bucket.client.send(new HeadObjectCommand({ Bucket: bucket.name, Key: 'takes/vocal.wav' }));
    const body = Buffer.from(await (await bucket.client.send(new GetObjectCommand({ Bucket: bucket.name, Key: 'takes/vocal.wav' }))).Body!.transformToByteArray());
    expect(new Set(parts).size).toBe(2);
    expect(head.ContentLength).toBe(audio.length);
    // lib-storage reports a part number only for UploadPart calls of a multipart upload (a single PUT reports none).
    expect(completed.Key).toBe('takes/vocal.wav');
    expect(createHash('sha256').update(body).digest('hex')).toBe(createHash('sha256').update(audio).digest('hex'));
  }, 30_000);

  test('[CLOUD-26] a presigned URL is valid for 1 hour and works; an expired one is refused', async () => {
    const key = 'takes/presigned.wav';
    await new Upload({ client: bucket.client, params: { Bucket: bucket.name, Key: key, Body: Buffer.from('RIFF-short-take') } }).done();
    const url = await getSignedUrl(bucket.client, new GetObjectCommand({ Bucket: bucket.name, Key: key }), { expiresIn: 3600 });
    const expiry = Number(new URL(url).searchParams.get('X-Amz-Expires'));
    const fresh = await fetch(url);
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toBe('RIFF-short-take');
    // Signed an hour and a minute ago with the same 1-hour expiry: past its lifetime now.
    const expired = await getSignedUrl(bucket.client, new GetObjectCommand({ Bucket: bucket.name, Key: key }), { expiresIn: 3600, signingDate: new Date(Date.now() - 3_660_000) });
    const refused = await fetch(expired);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/expired/i);
    expectMetric({
      name: 'cloud.s3.presigned_expiry_s',
      unit: 's',
      threshold: 'value==3600',
      value: expiry,
      target: 'Generate presigned URLs (1-hour expiry)',
      details: { expiredStatus: refused.status },
    });
  });

  testUnless(noBucketConfiguration, '[CLOUD-27] the lifecycle rule (delete after 90 days) is applied to the bucket and read back', async () => {
    const configuration = readDeployJson<Json>('s3/lifecycle-configuration.json');
    await bucket.client.send(new PutBucketLifecycleConfigurationCommand({ ...configuration, Bucket: bucket.name } as never));
    const applied = await bucket.client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket.name }));
    expectMetric({
      name: 'cloud.s3.lifecycle_expiration_days',
      unit: 'days',
      threshold: 'value==90',
      value: applied.Rules?.[0]?.Expiration?.Days ?? Number.NaN,
      target: 'Lifecycle policy: Delete after 90 days',
    });
  });

  testUnless(noBucketConfiguration, '[CLOUD-28] replication to the us-west-2 bucket is applied (versioning on) and read back', async () => {
    const configuration = readDeployJson<Json>('s3/replication-configuration.json');
    await bucket.client.send(new PutBucketVersioningCommand({ Bucket: bucket.name, VersioningConfiguration: { Status: 'Enabled' } }));
    await bucket.client.send(new PutBucketReplicationCommand({ ...configuration, Bucket: bucket.name } as never));
    const applied = await bucket.client.send(new GetBucketReplicationCommand({ Bucket: bucket.name }));
    expect(applied.ReplicationConfiguration?.Rules?.[0]?.Destination?.Bucket).toMatch(/us-west-2/);
  });
});
