import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectionToEnvironment } from './environment-services';
import { reapOrphans } from './process-registry';
import { startService, type ProviderChainOptions } from './provider-chain';
import { describeService, type ServiceDescription, type ServiceName, type StartedService } from './started-service';

export const ALL_SERVICES: readonly ServiceName[] = ['postgres', 'redis', 's3'];

export interface StartedServices extends AsyncDisposable {
  services: StartedService[];
  descriptions: ServiceDescription[];
  /** Environment variables that point children (Jest workers, agent processes) at the services. */
  environment: Record<string, string>;
  reapedOrphans: number;
  stop(): Promise<void>;
}

/**
 * Starts Postgres, Redis and S3 together through the provider chain. When one fails, the ones
 * already started are stopped and the original error is rethrown.
 */
export async function startServices(names: readonly ServiceName[] = ALL_SERVICES, options: ProviderChainOptions = {}): Promise<StartedServices> {
  const reapedOrphans = reapOrphans();
  const results = await Promise.allSettled(names.map((name) => startService(name, options)));
  const services = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    try {
      await stopAll(services);
    } catch (stopError) {
      throw new AggregateError(
        [failure.reason, stopError],
        `${(failure.reason as Error).message} (and stopping the services already started failed: ${(stopError as Error).message})`,
        { cause: failure.reason },
      );
    }
    throw failure.reason;
  }
  const environment: Record<string, string> = {};
  for (const service of services) Object.assign(environment, connectionToEnvironment(service.name, service.connection));
  const stop = (): Promise<void> => stopAll(services);
  return { services, descriptions: services.map(describeService), environment, reapedOrphans, stop, [Symbol.asyncDispose]: stop };
}

/**
 * Stops every service even when one fails, then reports every failure at once (one AggregateError
 * naming each service): a server left running is an orphan, and the run must say so.
 */
async function stopAll(services: readonly StartedService[]): Promise<void> {
  const results = await Promise.allSettled(services.map((service) => service.stop()));
  const failures = results.flatMap((result, index) =>
    result.status === 'rejected'
      ? [new Error(`stopping ${services[index]!.name} failed: ${(result.reason as Error)?.message ?? String(result.reason)}`, { cause: result.reason })]
      : [],
  );
  if (failures.length > 0) throw new AggregateError(failures, failures.map((failure) => failure.message).join('; '));
}

export const SERVICES_FILE = 'services.json';

export interface ServicesFile {
  v: 1;
  services: ServiceDescription[];
  reapedOrphans: number;
}

export function writeServicesFile(runDirectory: string, started: Pick<StartedServices, 'descriptions' | 'reapedOrphans'>): void {
  fs.mkdirSync(runDirectory, { recursive: true });
  const file: ServicesFile = { v: 1, services: started.descriptions, reapedOrphans: started.reapedOrphans };
  fs.writeFileSync(path.join(runDirectory, SERVICES_FILE), JSON.stringify(file, null, 2));
}

export function readServicesFile(runDirectory: string): ServicesFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(runDirectory, SERVICES_FILE), 'utf8')) as ServicesFile;
  } catch {
    return undefined;
  }
}
