import type { FastifyServerOptions } from 'fastify';

const SECRET_QUERY = /([?&](?:token|access_token|refresh_token|api_key|apikey|key|password|secret)=)[^&#]*/gi;

/** Masks secret-looking query parameters (`?token=...`, browsers' WebSocket auth) in a logged URL. */
export function maskUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1***');
}

/**
 * The backend's request logging with secrets redacted as `***` (seed: "API keys in logs →
 * redacted"): query tokens in URLs, and credential headers should a serializer ever add them.
 */
export function redactingLogger(enabled: boolean): FastifyServerOptions['logger'] {
  if (!enabled) return false;
  return {
    level: 'info',
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'password', '*.password', 'token', '*.token'], censor: '***' },
    serializers: {
      req(request: { method?: string; url?: string; ip?: string; socket?: { remoteAddress?: string } }) {
        return { method: request.method, url: maskUrl(request.url ?? ''), remoteAddress: request.ip ?? request.socket?.remoteAddress };
      },
    },
  };
}
