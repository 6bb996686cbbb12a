import type { ServiceConnection, ServiceName } from './started-service';

/** The environment variables that point the harness at already-running servers. */
export const SERVICE_ENVIRONMENT: Record<ServiceName, string[]> = {
  postgres: ['DATABASE_URL'],
  redis: ['REDIS_URL'],
  s3: ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_REGION'],
};

export function connectionFromEnvironment(name: ServiceName, environment: NodeJS.ProcessEnv = process.env): ServiceConnection | undefined {
  if (name === 'postgres') return environment.DATABASE_URL ? { url: environment.DATABASE_URL } : undefined;
  if (name === 'redis') return environment.REDIS_URL ? { url: environment.REDIS_URL } : undefined;
  if (!environment.S3_ENDPOINT) return undefined;
  return {
    url: environment.S3_ENDPOINT,
    accessKeyId: environment.S3_ACCESS_KEY_ID ?? environment.AWS_ACCESS_KEY_ID ?? 'S3RVER',
    secretAccessKey: environment.S3_SECRET_ACCESS_KEY ?? environment.AWS_SECRET_ACCESS_KEY ?? 'S3RVER',
    region: environment.S3_REGION ?? environment.AWS_REGION ?? 'us-east-1',
  };
}

/** Writes a connection back as the environment variables children read. */
export function connectionToEnvironment(name: ServiceName, connection: ServiceConnection): Record<string, string> {
  if (name === 'postgres') return { DATABASE_URL: connection.url };
  if (name === 'redis') return { REDIS_URL: connection.url };
  return {
    S3_ENDPOINT: connection.url,
    S3_ACCESS_KEY_ID: connection.accessKeyId ?? 'S3RVER',
    S3_SECRET_ACCESS_KEY: connection.secretAccessKey ?? 'S3RVER',
    S3_REGION: connection.region ?? 'us-east-1',
  };
}
