import { AppError, DependencyUnavailableError, type Dependency } from './app-error';

/** SQLSTATE classes that mean "the database is not there", not "your query is wrong". */
const POSTGRES_UNAVAILABLE_CLASSES = ['08', '53', '57', '58'];

function isPostgresQueryError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !POSTGRES_UNAVAILABLE_CLASSES.includes(code.slice(0, 2));
}

function isS3ClientError(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Runs one call to a dependency and turns a connection-level failure into a
 * DependencyUnavailableError (503 naming the dependency). Errors that are ours (bad SQL, a
 * 4xx from S3, an AppError) pass through unchanged.
 */
export async function callDependency<T>(dependency: Dependency, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (dependency === 'postgres' && isPostgresQueryError(error)) throw error;
    if (dependency === 's3' && isS3ClientError(error)) throw error;
    throw new DependencyUnavailableError(dependency, error);
  }
}

/** Rejects with `onTimeout()` when `promise` has not settled within `ms` (real time: a hung socket). */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
