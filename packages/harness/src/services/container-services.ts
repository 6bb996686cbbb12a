import { orchEnvironment } from '../environment/orch-environment';
import { startedService, type ServiceName, type StartedService } from './started-service';

let runtimeProbe: Promise<string | undefined> | undefined;

/**
 * Whether a container runtime answers. Probed once per process; ORCH_TESTCONTAINERS=0 skips the
 * probe. testcontainers is imported lazily so machines without Docker pay nothing for it.
 */
export function containerRuntime(): Promise<string | undefined> {
  if (!orchEnvironment().testcontainers) return Promise.resolve(undefined);
  runtimeProbe ??= (async () => {
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      const client = await getContainerRuntimeClient();
      return client.info.containerRuntime.host;
    } catch {
      return undefined;
    }
  })();
  return runtimeProbe;
}

export const CONTAINER_IMAGES: Record<ServiceName, string> = {
  postgres: 'postgres:16-alpine',
  redis: 'redis:7-alpine',
  s3: 'minio/minio:RELEASE.2024-01-16T16-07-38Z',
};

export async function startContainerService(name: ServiceName): Promise<StartedService> {
  const started = Date.now();
  const image = orchEnvironment().containerImage(name) ?? CONTAINER_IMAGES[name];
  if (name === 'postgres') {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer(image).start();
    return startedService(
      { name, provider: 'testcontainers', connection: { url: container.getConnectionUri() }, readyMs: Date.now() - started, details: { image } },
      async () => void (await container.stop()),
    );
  }
  if (name === 'redis') {
    const { RedisContainer } = await import('@testcontainers/redis');
    const container = await new RedisContainer(image).start();
    return startedService(
      { name, provider: 'testcontainers', connection: { url: container.getConnectionUrl() }, readyMs: Date.now() - started, details: { image } },
      async () => void (await container.stop()),
    );
  }
  const { MinioContainer } = await import('@testcontainers/minio');
  const container = await new MinioContainer(image).start();
  return startedService(
    {
      name,
      provider: 'testcontainers',
      connection: { url: container.getConnectionUrl(), accessKeyId: container.getUsername(), secretAccessKey: container.getPassword(), region: 'us-east-1' },
      readyMs: Date.now() - started,
      details: { image },
    },
    async () => void (await container.stop()),
  );
}
