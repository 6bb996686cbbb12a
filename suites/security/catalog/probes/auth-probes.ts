import { Checks, describe as status, notRun, type Probe } from '../probe';
import { decodeClaims, shiftedClaims, signedWith, unsignedToken, WEAK_SECRETS, withBrokenSignature, withClaims } from '../jwt-forge';
import { protectedRoutes } from '../system-routes';
import { knock, userToken } from './probe-helpers';

const BOTH = ['jarvis', 'ai-dawg'] as const;
const BROKEN_AUTH = 'API2:2023 Broken Authentication';

/** Missing, expired, tampered, unsigned and key-confused tokens: the seed's auth bypass vectors and their cousins. */
export const AUTH_PROBES: Probe[] = [
  {
    id: 'AUTH-01',
    title: 'missing JWT on every protected route gets 401',
    scenarios: ['SEC-01'],
    owasp: BROKEN_AUTH,
    category: 'authentication-bypass',
    expected: '401 with a JSON error on every user and admin route',
    systems: BOTH,
    async run(context) {
      const checks = new Checks();
      for (const route of protectedRoutes(context.target.system)) {
        const response = await context.request({ method: route.method, path: route.path, ...(route.body ? { json: route.body } : {}) });
        checks.expect(response.status === 401, `${route.method} ${route.path} without a token answered ${status(response)}`, `${route.method} ${route.path} → ${status(response)}`);
      }
      return checks.outcome();
    },
  },
  {
    id: 'AUTH-02',
    title: 'malformed Authorization headers get 401',
    scenarios: ['SEC-01'],
    owasp: BROKEN_AUTH,
    category: 'authentication-bypass',
    expected: '401 for Basic credentials, an empty bearer, "null", a bare token and two tokens',
    systems: BOTH,
    async run(context) {
      const checks = new Checks();
      const token = await userToken(context);
      const headers = [
        'Basic YWRtaW46YWRtaW4=',
        'Bearer',
        'Bearer ',
        'Bearer null',
        'Bearer undefined',
        token,
        `Bearer ${token} ${token}`,
        `Token ${token}`,
        'Bearer ../../etc/passwd',
      ];
      for (const header of headers) {
        const response = await knock(context, header);
        checks.expect(response.status === 401, `Authorization "${header.slice(0, 24)}…" answered ${status(response)}`, `"${header.slice(0, 12)}…" → ${status(response)}`);
      }
      return checks.outcome();
    },
  },
  {
    id: 'AUTH-03',
    title: 'expired JWT gets 401 with a refresh prompt',
    scenarios: ['SEC-02'],
    owasp: BROKEN_AUTH,
    category: 'authentication-bypass',
    expected: '401, a code or message that says the token expired and how to get a new one, and a WWW-Authenticate header',
    systems: BOTH,
    needs: ['secret'],
    async run(context) {
      if (!context.target.jwtSecret) return notRun('minting an expired token needs the signing secret (reference target only); a deployed token expires after its TTL');
      const checks = new Checks();
      const claims = decodeClaims(await userToken(context));
      const expired = await signedWith(shiftedClaims(claims, 3600, -60), context.target.jwtSecret);
      const response = await knock(context, `Bearer ${expired}`);
      const body = response.text.toLowerCase();
      checks.expect(response.status === 401, `an expired token answered ${status(response)}`, `expired → ${status(response)}`);
      checks.expect(/expired/.test(body), `the answer does not say the token expired: ${response.text.slice(0, 160)}`);
      checks.expect(/refresh|log in|login/.test(body), `the answer gives no refresh prompt: ${response.text.slice(0, 160)}`, 'refresh prompt present');
      const challenge = String(response.headers['www-authenticate'] ?? '');
      checks.expect(/invalid_token/i.test(challenge), `no WWW-Authenticate: Bearer error="invalid_token" header (got "${challenge}")`);
      return checks.outcome();
    },
  },
  {
    id: 'AUTH-04',
    title: 'tampered JWT signature gets 401',
    scenarios: ['SEC-03'],
    owasp: BROKEN_AUTH,
    category: 'authentication-bypass',
    expected: '401 for a real token whose signature was altered',
    systems: BOTH,
    async run(context) {
      const checks = new Checks();
      const token = await userToken(context);
      const response = await knock(context, `Bearer ${withBrokenSignature(token)}`);
      checks.expect(response.status === 401, `a token with an altered signature answered ${status(response)}`, `altered signature → ${status(response)}`);
      const stripped = await knock(context, `Bearer ${token.split('.').slice(0, 2).join('.')}.`);
      checks.expect(stripped.status === 401, `a token with its signature removed answered ${status(stripped)}`);
      return checks.outcome();
    },
  },
  {
    id: 'AUTH-05',
    title: 'tampered JWT claims (admin role, another subject, far expiry) under the original signature get 401',
    scenarios: ['SEC-03'],
    owasp: BROKEN_AUTH,
    category: 'authentication-bypass',
    expected: '401 for every claim change',
    systems: BOTH,
    async run(context) {
      const checks = new Checks();
      const token = await userToken(context);
      const changes: Record<string, unknown>[] = [
        { role: 'admin' },
        { sub: 'target-admin' },
        { sub: '00000000-0000-0000-0000-000000000001' },
        { exp: 4_102_444_800 },
        { typ: 'access', role: 'admin' },
      ];
      for (const change of changes) {
        const response = await knock(context, `Bearer ${withClaims(token, change)}`);
        checks.expect(
          response.status === 401,
          `claims ${JSON.stringify(change)} under the old signature answered ${status(response)}`,
          `${JSON.stringify(change)} → ${status(response)}`,
        );
      }
      return checks.outcome();
    },
  },
  {
    id: 'AUTH-06',
    title: 'unsigned JWT (alg: none, None, NONE) gets 401',
    scenarios: ['SEC-03'],
    owasp: BROKEN_AUTH,
    category: 'authentication-bypass',
    expected: '401 for unsigned tokens carrying valid-looking claims',
    systems: BOTH,
    async run(context) {
      const checks = new Checks();
      const claims = { ...decodeClaims(await userToken(context)), role: 'admin' };
      for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
        for (const signature of ['', 'AAAA']) {
          const response = await knock(context, `Bearer ${unsignedToken(claims, alg, signature)}`);
          checks.expect(response.status === 401, `alg "${alg}" with signature "${signature}" answered ${status(response)}`, `alg ${alg} → ${status(response)}`);
        }
      }
      return checks.outcome();
    },
  },
  {
    id: 'AUTH-07',
    title: 'JWT key confusion: other algorithms in the header, weak and empty HMAC keys, jku/x5u/kid injection get 401',
    scenarios: ['SEC-17'],
    owasp: BROKEN_AUTH,
    category: 'authentication-bypass',
    expected: '401 for each forged token; no request to a URL named in a token header',
    systems: BOTH,
    async run(context) {
      const checks = new Checks();
      const claims = { ...decodeClaims(await userToken(context)), role: 'admin' };
      // jose refuses a zero-length key; a one-byte zero key stands in for the "empty secret" mistake.
      for (const secret of WEAK_SECRETS) {
        const forged = await signedWith(claims, secret.length > 0 ? secret : new Uint8Array(1));
        const response = await knock(context, `Bearer ${forged}`);
        checks.expect(response.status === 401, `a token signed with the weak key "${secret}" answered ${status(response)}`);
      }
      const canary = context.target.canaries?.internal;
      const before = canary?.requests().length ?? 0;
      const headers: Record<string, unknown>[] = [
        { alg: 'RS256' },
        { alg: 'ES256' },
        { alg: 'HS512' },
        { jku: `${canary?.url ?? 'http://127.0.0.1:9'}/jwks.json` },
        { x5u: `${canary?.url ?? 'http://127.0.0.1:9'}/cert.pem` },
        { kid: '../../../../dev/null' },
        { kid: "' UNION SELECT 'secret' --" },
      ];
      for (const header of headers) {
        // The header claims another algorithm or key source; the signature is HMAC with a key the attacker knows.
        const [, payload] = (await signedWith(claims, 'attacker-key')).split('.');
        const encodedHeader = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', ...header })).toString('base64url');
        const forged = `${encodedHeader}.${payload}.${(await signedWith(claims, 'attacker-key', header.alg ? {} : header)).split('.')[2]}`;
        const response = await knock(context, `Bearer ${forged}`);
        checks.expect(response.status === 401, `a token with header ${JSON.stringify(header)} answered ${status(response)}`, `${JSON.stringify(header)} → ${status(response)}`);
      }
      if (canary)
        checks.expect(
          canary.requests().length === before,
          `the server fetched a key URL named in a token header: ${JSON.stringify(canary.requests().slice(before))}`,
          'no jku/x5u fetch',
        );
      return checks.outcome();
    },
  },
];
