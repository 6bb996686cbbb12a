import { SignJWT } from 'jose';

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

export function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function decodeHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Same header and signature, other claims: a tampered payload. */
export function withClaims(token: string, changes: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return [header, base64url(JSON.stringify({ ...decodeClaims(token), ...changes })), signature].join('.');
}

/** The last signature character changed: a tampered signature. */
export function withBrokenSignature(token: string): string {
  const last = token.at(-1) === 'A' ? 'B' : 'A';
  // Flipping a middle character too: the last base64url character may carry only padding bits.
  const middle = Math.floor(token.length - 10);
  const swapped = token[middle] === 'x' ? 'y' : 'x';
  return `${token.slice(0, middle)}${swapped}${token.slice(middle + 1, -1)}${last}`;
}

/** `alg: none` with the given claims and an empty (or junk) signature. */
export function unsignedToken(claims: Record<string, unknown>, alg = 'none', signature = ''): string {
  return [base64url(JSON.stringify({ alg, typ: 'JWT' })), base64url(JSON.stringify(claims)), signature].join('.');
}

/** A token with claims copied from a real one, signed HS256 with a key of the attacker's choosing. */
export async function signedWith(claims: Record<string, unknown>, key: string | Uint8Array, header: Record<string, unknown> = {}): Promise<string> {
  const secret = typeof key === 'string' ? new TextEncoder().encode(key) : key;
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...header }).sign(secret);
}

/** Claims with their times moved: an expired copy when `offsetSeconds` is negative. */
export function shiftedClaims(claims: Record<string, unknown>, issuedSecondsAgo: number, expiresInSeconds: number): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { ...claims, iat: now - issuedSecondsAgo, exp: now + expiresInSeconds };
}

/** Secrets attackers try first (jwt.io's sample, framework defaults, blanks). */
export const WEAK_SECRETS = [
  'secret',
  'changeme',
  'your-256-bit-secret',
  'jwt-secret',
  'password',
  'jarvis',
  'ai-dawg',
  '',
  'null',
  'undefined',
  'secretkey',
  '12345678901234567890123456789012',
];
