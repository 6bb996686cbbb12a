import { Checks, describe as status, type Probe } from '../probe';
import { isResponse } from './input-probes';

const MISCONFIG = 'API8:2023 Security Misconfiguration';
const INVENTORY = 'API9:2023 Improper Inventory Management';
const EVIL_ORIGIN = 'https://evil.example';

const UNDOCUMENTED = [
  '/.env',
  '/.git/config',
  '/admin',
  '/debug',
  '/api/debug',
  '/api/v1/projects',
  '/api/v0/services',
  '/api/internal',
  '/swagger.json',
  '/openapi.json',
  '/docs',
  '/graphql',
  '/actuator/env',
  '/server-status',
  '/phpinfo.php',
  '/api/users',
  '/api/config',
  '/console',
  '/backup.sql',
  '/package.json',
];

const DEFAULT_ACCOUNTS: Record<'jarvis' | 'ai-dawg', Record<string, string>[]> = {
  jarvis: ['admin:admin', 'admin:password', 'admin:changeme', 'root:root', 'test:test', 'user:user', 'jarvis:jarvis', 'admin:admin123'].map((pair) => {
    const [username, password] = pair.split(':') as [string, string];
    return { username, password };
  }),
  'ai-dawg': ['admin@example.com:password', 'admin@ai-dawg.local:admin1234', 'test@test.com:password', 'user@example.com:password1', 'demo@demo.com:demodemo'].map((pair) => {
    const [email, password] = pair.split(':') as [string, string];
    return { email, password };
  }),
};

export const CONFIG_PROBES: Probe[] = [
  {
    id: 'CONFIG-01',
    title: 'API answers carry hardening headers and do not name their server software',
    scenarios: ['SEC-17'],
    owasp: MISCONFIG,
    category: 'security-headers',
    expected: 'X-Content-Type-Options: nosniff, frame denial (X-Frame-Options or frame-ancestors), HSTS; no X-Powered-By or Server version',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      for (const path of ['/health', '/api/auth/login', '/no/such/route']) {
        const response = await context.request({ path });
        const headers = response.headers;
        checks.expect(headers['x-content-type-options'] === 'nosniff', `${path}: no X-Content-Type-Options: nosniff`);
        checks.expect(Boolean(headers['x-frame-options']) || /frame-ancestors/.test(String(headers['content-security-policy'] ?? '')), `${path}: no frame denial`);
        checks.expect(Boolean(headers['strict-transport-security']), `${path}: no Strict-Transport-Security`);
        checks.expect(!headers['x-powered-by'] && !/\d/.test(String(headers.server ?? '')), `${path}: names its software (${headers['x-powered-by'] ?? headers.server})`);
      }
      checks.note('nosniff, frame denial, HSTS present; no X-Powered-By');
      return checks.outcome();
    },
  },
  {
    id: 'CONFIG-02',
    title: 'CORS does not let a foreign origin read authenticated answers',
    scenarios: ['SEC-17'],
    owasp: MISCONFIG,
    category: 'cors',
    expected: 'no Access-Control-Allow-Origin for https://evil.example (nor "*" with credentials), on simple and preflight requests',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const auth = await context.target.authHeaders('user');
      const path = context.target.system === 'jarvis' ? '/api/services' : '/api/projects';
      const simple = await context.request({ path, headers: { ...auth, origin: EVIL_ORIGIN } });
      const preflight = await context.request({
        method: 'OPTIONS',
        path,
        headers: { origin: EVIL_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      for (const [label, response] of [
        ['simple', simple],
        ['preflight', preflight],
      ] as const) {
        const allowed = String(response.headers['access-control-allow-origin'] ?? '');
        const credentials = String(response.headers['access-control-allow-credentials'] ?? '');
        checks.expect(
          allowed !== EVIL_ORIGIN && !(allowed === '*' && credentials === 'true'),
          `${label}: Access-Control-Allow-Origin "${allowed}" credentials "${credentials}"`,
          `${label} → ${status(response)}, no allow-origin for evil.example`,
        );
      }
      return checks.outcome();
    },
  },
  {
    id: 'CONFIG-03',
    title: 'default and well-known credentials do not log in',
    scenarios: ['SEC-17'],
    owasp: 'API2:2023 Broken Authentication',
    category: 'default-credentials',
    expected: '401 (or 400) for each default account',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      for (const account of DEFAULT_ACCOUNTS[context.target.system]) {
        const response = await context.request({ method: 'POST', path: '/api/auth/login', json: account });
        checks.expect(response.status === 401 || response.status === 400, `default account ${JSON.stringify(account)} answered ${status(response)}`);
      }
      checks.note(`${DEFAULT_ACCOUNTS[context.target.system].length} default accounts refused`);
      return checks.outcome();
    },
  },
  {
    id: 'CONFIG-04',
    title: 'login failures do not tell which accounts exist',
    scenarios: ['SEC-17'],
    owasp: 'API2:2023 Broken Authentication',
    category: 'secret-exposure',
    expected: 'the same status, code and message for an unknown account and a wrong password',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const known =
        context.target.system === 'jarvis'
          ? { username: 'target-user', password: 'wrong-password' }
          : { email: (await context.target.createUser('enum')).email, password: 'wrong-password' };
      const unknown =
        context.target.system === 'jarvis' ? { username: 'no-such-user-x', password: 'wrong-password' } : { email: 'no-such-user-x@example.test', password: 'wrong-password' };
      const a = await context.request({ method: 'POST', path: '/api/auth/login', json: known });
      const b = await context.request({ method: 'POST', path: '/api/auth/login', json: unknown });
      checks.expect(
        a.status === b.status && a.text === b.text,
        `wrong password → ${status(a)} ${a.text.slice(0, 80)}; unknown account → ${status(b)} ${b.text.slice(0, 80)}`,
        `both ${status(a)}`,
      );
      return checks.outcome();
    },
  },
  {
    id: 'CONFIG-05',
    title: 'undocumented, debug and legacy routes answer 404',
    scenarios: ['SEC-17'],
    owasp: INVENTORY,
    category: 'inventory',
    expected: '404 with a JSON error for each of 20 well-known paths (.env, .git, swagger, actuator, v1 APIs, ...)',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const auth = await context.target.authHeaders('user');
      for (const path of UNDOCUMENTED) {
        const response = await context.request({ path, headers: auth });
        checks.expect(response.status === 404, `${path} answered ${status(response)}`);
      }
      checks.note(`${UNDOCUMENTED.length} undocumented paths → 404`);
      return checks.outcome();
    },
  },
  {
    id: 'CONFIG-06',
    title: 'TRACE and unexpected methods do not echo requests',
    scenarios: ['SEC-17'],
    owasp: MISCONFIG,
    category: 'security-headers',
    expected: '4xx for TRACE, and no echo of the Authorization header',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      for (const method of ['TRACE', 'TRACK', 'PROPFIND']) {
        const response = await context.request({ method, path: '/health', headers: { authorization: 'Bearer echo-me-not' } }).catch((error: Error) => error);
        if (!isResponse(response)) {
          checks.note(`${method}: connection refused (${response.message})`);
          continue;
        }
        checks.expect(
          response.status >= 400 && response.status < 500 && !response.text.includes('echo-me-not'),
          `${method} answered ${status(response)} ${response.text.slice(0, 80)}`,
          `${method} → ${status(response)}`,
        );
      }
      return checks.outcome();
    },
  },
];
