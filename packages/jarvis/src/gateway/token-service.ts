import { randomUUID, scrypt, scryptSync, timingSafeEqual, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../clock/clock';
import { JarvisError } from '../errors/jarvis-error';

export type Role = 'admin' | 'user';

export interface UserAccount {
  username: string;
  password: string;
  role: Role;
}

export interface Principal {
  sub: string;
  role: Role;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

interface StoredUser {
  role: Role;
  salt: Buffer;
  hash: Buffer;
}

const DUMMY_SALT = randomBytes(16);
// On libuv's thread pool: a burst of logins (a brute-force attempt included) must not stall the
// event loop that answers /health and proxies every request.
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keyLength: number) => Promise<Buffer>;

/**
 * Short-lived HS256 access tokens (15 min by default) and single-use refresh tokens, with times
 * taken from the injected clock so expiry can be tested without waiting.
 */
export class TokenService {
  private readonly key: Uint8Array;
  private readonly users = new Map<string, StoredUser>();
  private readonly usedRefreshTokens = new Set<string>();
  /** Access tokens logged out before they expire: jti → expiry (ms), pruned as they lapse. */
  private readonly revokedAccess = new Map<string, number>();

  constructor(
    secret: string,
    private readonly clock: Clock,
    users: UserAccount[],
    private readonly accessTtlSeconds = 900,
    private readonly refreshTtlSeconds = 7 * 24 * 3600,
  ) {
    if (secret.length < 32) throw new TypeError('JWT secret must be at least 32 characters');
    this.key = new TextEncoder().encode(secret);
    for (const user of users) {
      const salt = randomBytes(16);
      this.users.set(user.username, { role: user.role, salt, hash: scryptSync(user.password, salt, 32) });
    }
  }

  async login(username: string, password: string): Promise<TokenPair> {
    const user = this.users.get(username);
    // Hash even for an unknown user so response time does not reveal which usernames exist.
    const candidate = await scryptAsync(password, user?.salt ?? DUMMY_SALT, 32);
    if (!user || !timingSafeEqual(candidate, user.hash)) throw new JarvisError('INVALID_CREDENTIALS', 'invalid username or password');
    return this.issue({ sub: username, role: user.role });
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    let payload;
    try {
      ({ payload } = await jwtVerify(refreshToken, this.key, { algorithms: ['HS256'], currentDate: new Date(this.clock.now()) }));
    } catch {
      throw new JarvisError('INVALID_REFRESH_TOKEN', 'refresh token is invalid or expired; log in again');
    }
    if (payload.typ !== 'refresh' || typeof payload.jti !== 'string' || typeof payload.sub !== 'string' || this.usedRefreshTokens.has(payload.jti)) {
      throw new JarvisError('INVALID_REFRESH_TOKEN', 'refresh token is invalid, already used or revoked; log in again');
    }
    const user = this.users.get(payload.sub);
    if (!user) throw new JarvisError('INVALID_REFRESH_TOKEN', 'refresh token belongs to no current user');
    this.usedRefreshTokens.add(payload.jti);
    return this.issue({ sub: payload.sub, role: user.role });
  }

  async verifyAccess(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], currentDate: new Date(this.clock.now()) });
      if (payload.typ !== 'access' || typeof payload.sub !== 'string' || (payload.role !== 'admin' && payload.role !== 'user')) {
        throw new JarvisError('UNAUTHORIZED', 'token is not an access token');
      }
      if (typeof payload.jti === 'string' && this.revokedAccess.has(payload.jti)) throw new JarvisError('UNAUTHORIZED', 'access token was logged out');
      return { sub: payload.sub, role: payload.role };
    } catch (error) {
      if (error instanceof JarvisError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new JarvisError('TOKEN_EXPIRED', 'access token expired; refresh it with POST /api/auth/refresh');
      throw new JarvisError('UNAUTHORIZED', 'invalid access token');
    }
  }

  /**
   * Logout: the access token stops working at once and the refresh token (when given, and the
   * same user's) can no longer be used, so neither can be replayed after the user left.
   */
  async logout(accessToken: string, refreshToken: string | undefined): Promise<void> {
    const principal = await this.verifyAccess(accessToken);
    const { payload } = await jwtVerify(accessToken, this.key, { algorithms: ['HS256'], currentDate: new Date(this.clock.now()) });
    const now = this.clock.now();
    for (const [jti, expiresAt] of this.revokedAccess) if (expiresAt <= now) this.revokedAccess.delete(jti);
    if (typeof payload.jti === 'string') this.revokedAccess.set(payload.jti, (payload.exp ?? 0) * 1000);
    if (!refreshToken) return;
    try {
      const refresh = (await jwtVerify(refreshToken, this.key, { algorithms: ['HS256'], currentDate: new Date(now) })).payload;
      if (refresh.typ === 'refresh' && refresh.sub === principal.sub && typeof refresh.jti === 'string') this.usedRefreshTokens.add(refresh.jti);
    } catch {
      // An invalid or expired refresh token is already unusable.
    }
  }

  /** Signs an access token for a principal directly (service accounts, tests of expiry). */
  async signAccess(principal: Principal, ttlSeconds = this.accessTtlSeconds): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    return new SignJWT({ role: principal.role, typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.sub)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .setJti(randomUUID())
      .sign(this.key);
  }

  private async issue(principal: Principal): Promise<TokenPair> {
    const now = Math.floor(this.clock.now() / 1000);
    const refreshToken = await new SignJWT({ typ: 'refresh' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.sub)
      .setIssuedAt(now)
      .setExpirationTime(now + this.refreshTtlSeconds)
      .setJti(randomUUID())
      .sign(this.key);
    return { accessToken: await this.signAccess(principal), refreshToken, tokenType: 'Bearer', expiresIn: this.accessTtlSeconds };
  }
}
