import type { FastifyInstance, FastifyReply } from 'fastify';
import { performance } from 'node:perf_hooks';
import { JarvisError } from '../../errors/jarvis-error';
import { baseUrlOf } from '../../health/monitored-service';
import { BreakerOpenError } from '../../health/service-breaker';
import { requireRole } from '../auth-hooks';
import { SERVICE_NAME, type RouteContext } from '../route-context';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
  'content-length',
  'content-encoding',
  'host',
]);
const FORWARDED_REQUEST_HEADERS = ['content-type', 'accept', 'accept-language', 'x-request-id'];

class UpstreamUnavailable extends Error {
  constructor(
    readonly kind: 'network' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

/**
 * `/api/dawg/:service/*` → the service's base URL. A dead backend costs one fast 503 naming it
 * (`status: "degraded"`), never a hung request, and the other services keep being served: each
 * service has its own circuit breaker, shared with the health probes.
 */
export function registerProxyRoutes(app: FastifyInstance, context: RouteContext): void {
  const { aggregator } = context.jarvis;
  const asUser = requireRole(context.tokens, 'user');

  void app.register(async (scope) => {
    // Bodies pass through untouched, whatever their type; the body limit still applies.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    scope.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: '/api/dawg/:service/*',
      onRequest: asUser,
      schema: { params: { type: 'object', additionalProperties: false, required: ['service'], properties: { service: SERVICE_NAME, '*': { type: 'string', maxLength: 2048 } } } },
      handler: async (request, reply) => {
        const { service, '*': rest } = request.params as { service: string; '*': string };
        if (!aggregator.hasService(service)) throw new JarvisError('UNKNOWN_SERVICE', `no AI DAWG service is named "${service}"`, { service });
        // A backslash is a slash to the URL parser, and what is still percent-encoded after the router's
        // decoding could be decoded into a dot segment upstream: both would step out of the service root.
        if (rest.split(/[/\\]/).some((segment) => /^\.\.?;?$/.test(segment)) || /\\|%2e|%2f|%5c/i.test(rest)) {
          throw new JarvisError('VALIDATION_FAILED', 'path segments "." and "..", backslashes and encoded dots or slashes are not allowed');
        }
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        const target = `${baseUrlOf(aggregator.serviceConfig(service))}/${rest}${query}`;
        const headers: Record<string, string> = {};
        for (const name of FORWARDED_REQUEST_HEADERS) {
          const value = request.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        const upstreamAuthorization = request.headers['x-upstream-authorization'];
        if (typeof upstreamAuthorization === 'string') headers.authorization = upstreamAuthorization;
        if (request.principal) headers['x-jarvis-user'] = request.principal.sub;
        const body = request.method === 'GET' || request.method === 'DELETE' || !Buffer.isBuffer(request.body) ? undefined : (request.body as Buffer);
        const started = performance.now();
        try {
          const response = await aggregator.breakerFor(service).fire(async () => {
            try {
              return await fetch(target, { method: request.method, headers, body, signal: AbortSignal.timeout(context.proxyTimeoutMs), redirect: 'manual' });
            } catch (error) {
              const name = (error as Error).name;
              if (name === 'TimeoutError' || name === 'AbortError') throw new UpstreamUnavailable('timeout', `${service} did not answer within ${context.proxyTimeoutMs} ms`);
              throw new UpstreamUnavailable('network', `${service} is unreachable`);
            }
          });
          const payload = Buffer.from(await response.arrayBuffer());
          aggregator.recordRequest(service, performance.now() - started, response.status >= 500);
          for (const [name, value] of response.headers) if (!HOP_BY_HOP.has(name)) void reply.header(name, value);
          void reply.code(response.status).send(payload);
          return reply;
        } catch (error) {
          aggregator.recordRequest(service, performance.now() - started, true);
          if (error instanceof UpstreamUnavailable && error.kind === 'timeout') {
            return degraded(reply, 504, 'UPSTREAM_TIMEOUT', service, error.message, context);
          }
          if (error instanceof UpstreamUnavailable || error instanceof BreakerOpenError) {
            return degraded(reply, 503, 'SERVICE_UNAVAILABLE', service, error instanceof BreakerOpenError ? error.message : `${service} is down`, context);
          }
          throw error;
        }
      },
    });
  });
}

function degraded(
  reply: FastifyReply,
  statusCode: number,
  code: 'SERVICE_UNAVAILABLE' | 'UPSTREAM_TIMEOUT',
  service: string,
  message: string,
  context: RouteContext,
): FastifyReply {
  const services = Object.fromEntries(Object.entries(context.jarvis.aggregator.snapshot().services).map(([name, snapshot]) => [name, snapshot.status]));
  void reply.code(statusCode).header('retry-after', '30').send({ error: { code, message, service }, status: 'degraded', service, services });
  return reply;
}
