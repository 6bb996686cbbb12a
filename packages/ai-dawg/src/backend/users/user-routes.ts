import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { AppError } from '../../errors/app-error';
import { callDependency } from '../../errors/dependency-call';
import type { Clock } from '../../shared/clock';
import { hashPassword, verifyPassword } from './password-hash';
import type { TokenClaims, TokenService } from './token-service';

const credentialsSchema = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' },
    password: { type: 'string', minLength: 8, maxLength: 200 },
  },
} as const;

interface Credentials {
  email: string;
  password: string;
}

/** Reads and verifies the bearer token (or `?token=` for browser WebSockets, which cannot set headers). */
export async function authenticate(request: FastifyRequest, tokens: TokenService): Promise<TokenClaims> {
  const header = request.headers.authorization;
  const fromQuery = (request.query as { token?: unknown } | undefined)?.token;
  const token = header?.startsWith('Bearer ') ? header.slice(7) : typeof fromQuery === 'string' ? fromQuery : undefined;
  if (!token) throw new AppError('UNAUTHENTICATED', 'missing bearer token');
  return tokens.verify(token);
}

export function registerUserRoutes(app: FastifyInstance, deps: { pool: Pool; tokens: TokenService; clock: Clock }): void {
  const { pool, tokens, clock } = deps;

  app.post<{ Body: Credentials }>('/api/auth/register', { schema: { body: credentialsSchema } }, async (request, reply) => {
    const email = request.body.email.toLowerCase();
    const id = randomUUID();
    const passwordHash = await hashPassword(request.body.password);
    try {
      await callDependency('postgres', () =>
        pool.query('INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)', [id, email, passwordHash, new Date(clock.now())]),
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new AppError('EMAIL_TAKEN', 'a user with that e-mail already exists');
      throw error;
    }
    const token = await tokens.issue({ userId: id, email });
    return reply.code(201).send({ user: { id, email }, token });
  });

  app.post<{ Body: Credentials }>('/api/auth/login', { schema: { body: credentialsSchema } }, async (request) => {
    const email = request.body.email.toLowerCase();
    const { rows } = await callDependency('postgres', () => pool.query<{ id: string; password_hash: string }>('SELECT id, password_hash FROM users WHERE email = $1', [email]));
    const user = rows[0];
    // Hash even when the user is unknown so response time does not reveal which e-mails exist.
    const ok = user ? await verifyPassword(request.body.password, user.password_hash) : (await hashPassword(request.body.password), false);
    if (!user || !ok) throw new AppError('INVALID_CREDENTIALS', 'wrong e-mail or password');
    return { user: { id: user.id, email }, token: await tokens.issue({ userId: user.id, email }) };
  });
}
