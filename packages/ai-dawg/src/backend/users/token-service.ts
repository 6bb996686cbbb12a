import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { AppError } from '../../errors/app-error';
import type { Clock } from '../../shared/clock';

export interface TokenClaims {
  userId: string;
  email: string;
}

const ISSUER = 'ai-dawg';
const TOKEN_TTL_SECONDS = 3600;

/** HS256 access tokens; time comes from the injected clock so expiry is testable. */
export class TokenService {
  private readonly key: Uint8Array;
  constructor(
    secret: string,
    private readonly clock: Clock,
  ) {
    if (secret.length < 32) throw new Error('JWT secret must be at least 32 characters');
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: TokenClaims): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    return new SignJWT({ email: claims.email })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_TTL_SECONDS)
      .sign(this.key);
  }

  async verify(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'], currentDate: new Date(this.clock.now()) });
      if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') throw new Error('claims missing');
      return { userId: payload.sub, email: payload.email };
    } catch (error) {
      // The seed's "expired JWT → 401 with refresh prompt": say so, and how to get a new token.
      if (error instanceof joseErrors.JWTExpired) throw new AppError('TOKEN_EXPIRED', 'token expired; log in again with POST /api/auth/login to refresh it');
      throw new AppError('UNAUTHENTICATED', 'invalid or expired token');
    }
  }
}
