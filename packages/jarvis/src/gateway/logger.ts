import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Field names whose values are secrets wherever they appear in a log line. pino's redaction
 * replaces them with `***` before the line is written (seed: "API keys in logs → redacted").
 */
const SECRET_KEYS = ['password', 'token', 'accessToken', 'refreshToken', 'apiKey', 'api_key', 'secret', 'jwtSecret', 'authorization', 'cookie', 'heartbeatKey'];

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-heartbeat-key"]',
  'req.headers["x-upstream-authorization"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `*.*.${key}`),
];

const SECRET_QUERY = /([?&](?:token|access_token|refresh_token|api_key|apikey|key|password|secret)=)[^&#]*/gi;

/** Masks secret-looking query parameters (`?api_key=...`) in a logged URL. */
export function maskUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1***');
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go (a test passes a stream it can read back); stdout by default. */
  stream?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '***' },
      serializers: {
        req(request: { method?: string; url?: string; headers?: Record<string, unknown>; ip?: string; socket?: { remoteAddress?: string } }) {
          return {
            method: request.method,
            url: maskUrl(request.url ?? ''),
            remoteAddress: request.ip ?? request.socket?.remoteAddress,
            headers: { ...request.headers },
          };
        },
        err: pino.stdSerializers.err,
      },
    },
    options.stream,
  );
}
