export type ServiceName = 'postgres' | 'redis' | 's3';
export type ProviderName = 'env' | 'testcontainers' | 'local';

/** Connection facts a client needs. S3 adds its credentials and region. */
export interface ServiceConnection {
  url: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
}

/** A service that is up and answering; stopping it releases every process and temp dir it owns. */
export interface StartedService extends AsyncDisposable {
  readonly name: ServiceName;
  readonly provider: ProviderName;
  readonly connection: ServiceConnection;
  /** The connection URL (`connection.url`), the one thing most callers need. */
  readonly url: string;
  /** Milliseconds from the start call until the service answered. */
  readonly readyMs: number;
  /** Human-readable facts for the report (binary version, data dir, image). */
  readonly details: Record<string, string>;
  stop(): Promise<void>;
}

export interface ServiceDescription {
  name: ServiceName;
  provider: ProviderName;
  connection: ServiceConnection;
  readyMs: number;
  details: Record<string, string>;
}

export function describeService(service: StartedService): ServiceDescription {
  return {
    name: service.name,
    provider: service.provider,
    connection: service.connection,
    readyMs: service.readyMs,
    details: service.details,
  };
}

/** Builds a StartedService whose stop() runs once, however often it is called. */
export function startedService(fields: Omit<StartedService, 'stop' | 'url' | typeof Symbol.asyncDispose>, stopOnce: () => Promise<void>): StartedService {
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stopOnce());
  return { ...fields, url: fields.connection.url, stop, [Symbol.asyncDispose]: stop };
}
