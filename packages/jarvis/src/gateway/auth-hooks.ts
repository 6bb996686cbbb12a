import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { JarvisError } from '../errors/jarvis-error';
import type { Principal, Role, TokenService } from './token-service';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
  return match?.[1];
}

export async function authenticate(tokens: TokenService, role: Role, request: FastifyRequest): Promise<Principal> {
  const token = bearer(request);
  if (!token) throw new JarvisError('UNAUTHORIZED', 'a bearer token is required');
  const principal = await tokens.verifyAccess(token);
  if (role === 'admin' && principal.role !== 'admin') throw new JarvisError('FORBIDDEN', 'this route is for admins');
  request.principal = principal;
  return principal;
}

/** Authentication runs at onRequest, before the body is read, so anonymous callers cost nothing. */
export function requireRole(tokens: TokenService, role: Role): onRequestHookHandler {
  const hook = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    await authenticate(tokens, role, request);
  };
  return markAuth(hook, role);
}

/** Tags a hook with the access it enforces, so the route table can say who may call a route. */
export function markAuth<T extends object>(hook: T, auth: 'user' | 'admin' | 'heartbeat'): T {
  return Object.assign(hook, { requiredAuth: auth });
}

export function authOf(hook: unknown): 'public' | 'user' | 'admin' | 'heartbeat' {
  const hooks = Array.isArray(hook) ? hook : [hook];
  for (const candidate of hooks) {
    const auth = (candidate as { requiredAuth?: 'user' | 'admin' | 'heartbeat' } | undefined)?.requiredAuth;
    if (auth) return auth;
  }
  return 'public';
}
