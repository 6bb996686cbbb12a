import { connectionFromEnvironment, SERVICE_ENVIRONMENT } from './environment-services';
import { containerRuntime, startContainerService } from './container-services';
import { startLocalPostgres } from './local-postgres';
import { startLocalRedis } from './local-redis';
import { startLocalS3 } from './local-s3';
import { startedService, type ServiceName, type StartedService } from './started-service';

export class ServiceUnavailableError extends Error {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(
    readonly service: ServiceName,
    readonly attempts: string[],
  ) {
    super(`${service} is not available. Tried, in order:\n${attempts.map((attempt, index) => `  ${index + 1}. ${attempt}`).join('\n')}`);
    this.name = 'ServiceUnavailableError';
  }
}

export interface ProviderChainOptions {
  environment?: NodeJS.ProcessEnv;
  /** Replaces the container step (tests use it to simulate a machine without Docker). */
  containerRuntime?: () => Promise<string | undefined>;
  /** Replaces the local step (tests use it to simulate missing binaries). */
  startLocal?: (name: ServiceName) => Promise<StartedService>;
}

const LOCAL_STARTERS: Record<ServiceName, () => Promise<StartedService>> = {
  postgres: startLocalPostgres,
  redis: startLocalRedis,
  s3: startLocalS3,
};

/**
 * The provider chain (DESIGN.md): an explicit URL from the environment, then Testcontainers when
 * a container runtime answers, then a local server started here, then one error naming all three.
 */
export async function startService(name: ServiceName, options: ProviderChainOptions = {}): Promise<StartedService> {
  const attempts: string[] = [];
  const environment = options.environment ?? process.env;
  const fromEnvironment = connectionFromEnvironment(name, environment);
  if (fromEnvironment) {
    return startedService(
      {
        name,
        provider: 'env',
        connection: fromEnvironment,
        readyMs: 0,
        details: { source: SERVICE_ENVIRONMENT[name][0]! },
      },
      async () => undefined,
    );
  }
  attempts.push(`environment: ${SERVICE_ENVIRONMENT[name].join(', ')} not set`);

  const runtime = await (options.containerRuntime ?? containerRuntime)();
  if (runtime) {
    try {
      return await startContainerService(name);
    } catch (error) {
      attempts.push(`testcontainers on ${runtime}: ${(error as Error).message}`);
    }
  } else {
    attempts.push('testcontainers: no container runtime answered (Docker/Podman socket not found)');
  }

  try {
    return await (options.startLocal ?? ((service: ServiceName) => LOCAL_STARTERS[service]()))(name);
  } catch (error) {
    attempts.push(`local server: ${(error as Error).message}`);
  }
  throw new ServiceUnavailableError(name, attempts);
}
