import { ERROR_CODES, type ErrorCode } from './error-codes';

/** An error with a stable code from the registry; the gateway's error handler renders it. */
export class JarvisError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'JarvisError';
    this.code = code;
    this.statusCode = ERROR_CODES[code].status;
    this.details = details;
  }
}
