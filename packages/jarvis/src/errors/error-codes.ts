/**
 * The one registry of error codes JARVIS answers with. Every HTTP error body is
 * `{ error: { code, message } }` with a code from here; ERRORS.md documents each one (a unit test
 * keeps the two in step).
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, description: 'The request body, parameters or query string do not match the route schema.' },
  INVALID_JSON: { status: 400, description: 'The request body is not valid JSON.' },
  UNAUTHORIZED: { status: 401, description: 'No bearer token was sent, or it is malformed or its signature does not verify.' },
  TOKEN_EXPIRED: { status: 401, description: 'The access token has expired; obtain a new one with POST /api/auth/refresh.' },
  INVALID_CREDENTIALS: { status: 401, description: 'Username or password is wrong.' },
  INVALID_REFRESH_TOKEN: { status: 401, description: 'The refresh token is unknown, expired, already used or revoked.' },
  INVALID_HEARTBEAT_KEY: { status: 401, description: 'A heartbeat was pushed without the configured heartbeat key.' },
  FORBIDDEN: { status: 403, description: 'The authenticated role may not use this route (admin only).' },
  IP_BLOCKED: { status: 403, description: 'The client address is on the gateway denylist.' },
  ROUTE_NOT_FOUND: { status: 404, description: 'No route matches the method and path.' },
  UNKNOWN_SERVICE: { status: 404, description: 'The named service is not in the monitored service list.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The request content type is not accepted by this route.' },
  URI_TOO_LONG: { status: 414, description: 'A path parameter is longer than the router accepts (100 characters).' },
  BAD_URL: { status: 400, description: 'The URL cannot be decoded (malformed percent-encoding).' },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body exceeds the gateway body limit.' },
  RATE_LIMITED: { status: 429, description: 'Too many requests from this client in the window (default 100 per minute); see Retry-After.' },
  SERVICE_UNAVAILABLE: { status: 503, description: 'A proxied AI DAWG service is down or its circuit breaker is open; the answer names the service and status "degraded".' },
  UPSTREAM_TIMEOUT: { status: 504, description: 'A proxied AI DAWG service did not answer within the proxy timeout.' },
  RECOVERY_UNAVAILABLE: { status: 409, description: 'No recovery action is configured for the service (no process to restart).' },
  AUTONOMY_DISABLED: { status: 409, description: 'Autonomous operations are switched off (JARVIS_AUTONOMOUS=false or the admin kill switch); nothing was done.' },
  COMMAND_NOT_ALLOWED: { status: 403, description: 'The autonomous operation is not on the command whitelist; it was refused and recorded in the audit trail.' },
  OPERATION_RATE_LIMITED: { status: 429, description: 'More than 100 autonomous operations in one minute: the operation was refused (the 101st in a 60 s window and later ones).' },
  AUDIT_NOT_CONFIGURED: { status: 404, description: 'This JARVIS runs without an audit trail (no audit path and signing key configured).' },
  AUTONOMY_NOT_CONFIGURED: { status: 404, description: 'This JARVIS runs without the autonomous control loop (JARVIS_AUTONOMY_LOOP not set).' },
  INTERNAL_ERROR: { status: 500, description: 'An unexpected server error; the message is generic and no stack trace is returned in production.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}
