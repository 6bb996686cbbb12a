import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Helmet's default security headers, computed once. @fastify/helmet rebuilt the helmet middleware
 * (parsing the CSP directives) on every request, the largest share of GET /health's cost beside a
 * bare route; the headers are the same for every answer, so they are worked out at start-up by
 * running helmet itself against a recording response, and copied onto each reply.
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]): void {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string): void {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet()({} as never, recorder as never, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return Object.freeze(headers);
}

/** Security headers on every answer, set before anything else can answer (an onRequest hook, as @fastify/helmet did). */
export function installSecurityHeaders(app: FastifyInstance): void {
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}
