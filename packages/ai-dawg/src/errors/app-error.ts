import { ERROR_CODES, type ErrorCode } from './error-codes';

/** An error with a stable code; its HTTP status comes from the registry. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }

  toJSON(): { error: { code: ErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export type Dependency = 'postgres' | 'redis' | 's3' | 'producer';

export class DependencyUnavailableError extends AppError {
  constructor(
    readonly dependency: Dependency,
    readonly causeError?: unknown,
  ) {
    super('DEPENDENCY_UNAVAILABLE', `${dependency} is unavailable`);
    this.name = 'DependencyUnavailableError';
  }
}
