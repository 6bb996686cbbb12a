import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, type ErrorCode } from '../errors/error-codes';
import { JarvisError } from '../errors/jarvis-error';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_BAD_URL: 'BAD_URL',
};

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

export interface RenderedError {
  statusCode: number;
  body: { error: { code: ErrorCode; message: string } & Record<string, unknown> };
}

/** Maps anything thrown into `{ error: { code, message } }` with a registered code; never a stack. */
export function renderError(error: FastifyError | JarvisError | Error): RenderedError {
  if (error instanceof JarvisError) {
    return { statusCode: error.statusCode, body: { error: { code: error.code, message: error.message, ...(error.details ?? {}) } } };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return { statusCode: 400, body: { error: { code: 'VALIDATION_FAILED', message: fastifyError.message } } };
  }
  if (error instanceof SyntaxError && (fastifyError.statusCode ?? 400) === 400) {
    return { statusCode: 400, body: { error: { code: 'INVALID_JSON', message: 'request body is not valid JSON' } } };
  }
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return { statusCode: ERROR_CODES[mapped].status, body: { error: { code: mapped, message: fastifyError.message } } };
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    const code = BY_STATUS[status] ?? 'VALIDATION_FAILED';
    return { statusCode: ERROR_CODES[code].status === status ? status : 400, body: { error: { code, message: fastifyError.message } } };
  }
  return { statusCode: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'internal server error' } } };
}

/** For fastify's `frameworkErrors`: router-level failures answered before any hook runs. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const rendered = renderError(error);
  request.log.info({ code: rendered.body.error.code, statusCode: rendered.statusCode }, 'request rejected by the router');
  void reply.code(rendered.statusCode).type('application/json').send(rendered.body);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const rendered = renderError(error);
    if (rendered.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: rendered.body.error.code, statusCode: rendered.statusCode }, 'request rejected');
    if (rendered.body.error.code === 'TOKEN_EXPIRED') {
      reply.header('www-authenticate', 'Bearer error="invalid_token", error_description="token expired; refresh it"');
    }
    void reply.code(rendered.statusCode).type('application/json').send(rendered.body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });
}
