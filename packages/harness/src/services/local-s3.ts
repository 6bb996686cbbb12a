import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { registerEntry, unregisterEntry } from './process-registry';
import { startedService, type StartedService } from './started-service';

// s3rver ships no type declarations; this is the part of its API we use.
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

/** s3rver's fixed credentials: it checks the access key id, not the SigV4 signature. */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1' } as const;

/** Starts s3rver in this process on a free loopback port, storing objects in a temp dir. */
export async function startLocalS3(): Promise<StartedService> {
  const started = Date.now();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-s3-'));
  const id = path.basename(directory);
  registerEntry({ id, ownerPid: process.pid, service: 's3', pids: [], directories: [directory], createdAt: new Date().toISOString() });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const S3rver = require('s3rver') as S3rverConstructor;
    const server = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true });
    const address = await server.run();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const version = (require('s3rver/package.json') as { version: string }).version;
    return startedService(
      {
        name: 's3',
        provider: 'local',
        connection: { url: `http://127.0.0.1:${address.port}`, ...LOCAL_S3_CREDENTIALS },
        readyMs: Date.now() - started,
        details: { binary: `s3rver ${version} (in-process)`, directory },
      },
      async () => {
        const failure = await server.close().then(
          () => undefined,
          (error: unknown) => error,
        );
        fs.rmSync(directory, { recursive: true, force: true });
        unregisterEntry(id);
        // In-process: the files are gone either way, but a server that would not close is reported.
        if (failure !== undefined) throw new Error(`local S3 (s3rver) did not close: ${(failure as Error).message}`, { cause: failure });
      },
    );
  } catch (error) {
    fs.rmSync(directory, { recursive: true, force: true });
    unregisterEntry(id);
    throw error;
  }
}
