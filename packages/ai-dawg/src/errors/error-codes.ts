/**
 * The one registry of AI DAWG error codes. Every HTTP error body is `{ error: { code, message } }`
 * with a code from here; ERRORS.md documents each one (a test checks that it does).
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, description: 'The request body, query or path did not match the schema (names 1-200 chars, bpm 20-300, known sample rates and bit depths).' },
  INVALID_JSON: { status: 400, description: 'The request body is not valid JSON.' },
  UNAUTHENTICATED: { status: 401, description: 'No bearer token, or the token is invalid.' },
  TOKEN_EXPIRED: {
    status: 401,
    description: 'The token has expired; log in again (POST /api/auth/login) for a new one. Sent with WWW-Authenticate: Bearer error="invalid_token".',
  },
  INVALID_CREDENTIALS: { status: 401, description: 'Login e-mail or password is wrong (the two are not told apart).' },
  FORBIDDEN: { status: 403, description: 'The resource belongs to another user, or a WebSocket was opened from a foreign Origin.' },
  CLIENT_BLOCKED: { status: 403, description: 'The client address was blocked by the attack detector (X-Forwarded-For rotation, or failed logins from many addresses at once).' },
  NOT_FOUND: { status: 404, description: 'No resource with that id, or no such route.' },
  EMAIL_TAKEN: { status: 409, description: 'A user with that e-mail already exists.' },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body is over the size limit.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The request body is not JSON.' },
  RATE_LIMITED: { status: 429, description: 'Too many requests from this client.' },
  DEPENDENCY_UNAVAILABLE: { status: 503, description: 'A dependency (postgres, redis, s3 or producer) did not answer; nothing was half-written.' },
  INTERNAL: { status: 500, description: 'An unexpected failure; the message never carries a stack trace.' },
  CORRUPT_AUDIO: {
    status: 422,
    description: 'An imported audio file is damaged or not the format it claims; the message names where (e.g. the bad MP3 frames) and the choices (onCorrupt=skip|repair).',
  },
  CONFLICT_RESOLVED: { status: 409, description: 'Collaboration: the conflict was already resolved (by another user or an earlier request).' },
  BAD_AUDIO_FRAME: { status: 400, description: 'Vocal coach: a binary frame whose header or PCM payload is malformed (sent as a WebSocket JSON error).' },
  BAD_MESSAGE: { status: 400, description: 'Vocal coach: a text message that is not a known JSON command.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function errorCodes(): ErrorCode[] {
  return Object.keys(ERROR_CODES) as ErrorCode[];
}
