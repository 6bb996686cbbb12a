import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error';
import type { ErrorCode } from './error-codes';

function body(code: ErrorCode, message: string): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message } };
}

/**
 * Maps every failure to `{ error: { code, message } }`: schema errors to 400, parser errors to
 * their 4xx, AppErrors to their registry status, anything else to a 500 without internals.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.warn({ err: error }, error.message);
      if (error.code === 'TOKEN_EXPIRED') void reply.header('www-authenticate', 'Bearer error="invalid_token", error_description="token expired; log in again"');
      return reply.code(error.status).send(error.toJSON());
    }
    if (error.validation) {
      return reply
        .code(400)
        .send(
          body(
            'VALIDATION_FAILED',
            `${error.validationContext ?? 'request'} ${error.validation[0]?.instancePath ?? ''} ${error.validation[0]?.message ?? 'is invalid'}`.replace(/\s+/g, ' ').trim(),
          ),
        );
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.code(415).send(body('UNSUPPORTED_MEDIA_TYPE', 'send application/json'));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send(body('PAYLOAD_TOO_LARGE', 'request body too large'));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return reply.code(400).send(body('INVALID_JSON', 'request body is not valid JSON'));
      default:
        break;
    }
    if (error.statusCode === 429) return reply.code(429).send(body('RATE_LIMITED', error.message));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(400).send(body(error instanceof SyntaxError ? 'INVALID_JSON' : 'VALIDATION_FAILED', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(body('INTERNAL', 'internal error'));
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(body('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)));
}

/**
 * For Fastify's `frameworkErrors`: failures in the router, before any hook (a URL whose
 * percent-encoding cannot be decoded), answered as a registered JSON error instead of Fastify's own body.
 */
export function routerErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const message = error.code === 'FST_ERR_BAD_URL' ? 'the URL cannot be decoded (malformed percent-encoding)' : 'the request cannot be routed';
  void reply.code(400).type('application/json').send(body('VALIDATION_FAILED', message));
}
