import { randomBytes } from 'node:crypto';
import { notRun, Checks, describe as status, type Probe, type ProbeContext } from '../probe';
import { SYSTEM_ROUTES } from '../system-routes';
import { secretIn, stackTraceIn } from './probe-helpers';
import type { RawResponse } from '../../support/http-client';

/** Every documented route answered with a valid and an empty body, as a user and anonymously. */
async function sweep(context: ProbeContext): Promise<{ label: string; response: RawResponse }[]> {
  const auth = await context.target.authHeaders('user');
  const answers: { label: string; response: RawResponse }[] = [];
  // Logout would revoke the shared user token the other probes use.
  for (const route of SYSTEM_ROUTES[context.target.system].filter((candidate) => !candidate.path.endsWith('/logout'))) {
    for (const headers of [auth, {}]) {
      const response = await context.request({ method: route.method, path: route.path, headers, ...(route.body ? { json: route.body } : {}) });
      answers.push({ label: `${route.method} ${route.path}${headers === auth ? ' (user)' : ''}`, response });
    }
  }
  return answers;
}

/** Requests built to fail: every kind of bad input each system must answer with a clean 4xx. */
function errorRequests(context: ProbeContext): { method: string; path: string; headers?: Record<string, string>; body?: string }[] {
  const json = { 'content-type': 'application/json' };
  const common = [
    { method: 'POST', path: '/api/auth/login', headers: json, body: '{bad json' },
    { method: 'POST', path: '/api/auth/login', headers: json, body: '{"username":{"$ne":1},"email":[],"password":null}' },
    { method: 'POST', path: '/api/auth/login', headers: json, body: '"just a string"' },
    { method: 'POST', path: '/api/auth/login', headers: json, body: '1e999999' },
    { method: 'GET', path: '/api/%E0%A4%A' },
    { method: 'GET', path: '/no/such/route' },
    { method: 'DELETE', path: '/health' },
    { method: 'PUT', path: '/api/auth/login', headers: json, body: '{}' },
  ];
  const specific =
    context.target.system === 'jarvis'
      ? [
          { method: 'GET', path: '/api/services/NOT-VALID!' },
          { method: 'GET', path: '/api/alerts?state=bogus' },
          { method: 'POST', path: '/api/heartbeat', headers: json, body: '{"service":"x"}' },
        ]
      : [
          { method: 'GET', path: '/api/projects/not-a-uuid' },
          { method: 'GET', path: '/api/projects?limit=-1' },
          { method: 'GET', path: '/api/ai/jobs/abc' },
          { method: 'GET', path: '/studio/not-a-uuid' },
        ];
  return [...common, ...specific];
}

export const EXPOSURE_PROBES: Probe[] = [
  {
    id: 'DATA-01',
    title: 'no password, password hash or secret in any API response',
    scenarios: ['SEC-14'],
    owasp: 'API3:2023 Broken Object Property Level Authorization (excessive data exposure)',
    category: 'secret-exposure',
    expected: 'no password/hash/secret field or value in any answer of any documented route (count==0)',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const known = [context.target.jwtSecret, ...Object.values(context.target.sessionLogin ?? {})].filter((value): value is string => Boolean(value));
      const answers = await sweep(context);
      if (context.target.system === 'ai-dawg') {
        const password = `pw-${randomBytes(8).toString('hex')}`;
        const email = `exposure-${randomBytes(4).toString('hex')}@example.test`;
        known.push(password);
        for (const path of ['/api/auth/register', '/api/auth/login'])
          answers.push({ label: `POST ${path} (own)`, response: await context.request({ method: 'POST', path, json: { email, password } }) });
      }
      let leaks = 0;
      for (const { label, response } of answers) {
        const leak = secretIn(response.text, known);
        if (leak) leaks += 1;
        checks.expect(!leak, `${label} exposes ${leak}`);
      }
      checks.note(`${answers.length} answers scanned, ${leaks} with secrets`);
      return { ...checks.outcome(), count: leaks, sample: answers.length };
    },
  },
  {
    id: 'DATA-02',
    title: 'no stack trace, file path or framework internals in any error answer',
    scenarios: ['SEC-15'],
    owasp: 'API8:2023 Security Misconfiguration (verbose errors)',
    category: 'error-disclosure',
    expected: 'every bad request gets a 4xx JSON { error: { code, message } } without a stack (count==0)',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      let traces = 0;
      const requests = errorRequests(context);
      for (const request of requests) {
        const response = await context.request(request);
        const trace = stackTraceIn(response.text);
        if (trace || response.status >= 500) traces += 1;
        checks.expect(!trace, `${request.method} ${request.path}: ${trace}`);
        checks.expect(response.status >= 400 && response.status < 500, `${request.method} ${request.path} answered ${status(response)}`);
        checks.expect(/"error"\s*:\s*\{\s*"code"/.test(response.text), `${request.method} ${request.path} is not a JSON error: ${response.text.slice(0, 80)}`);
      }
      checks.note(`${requests.length} error answers scanned, ${traces} with traces or 5xx`);
      return { ...checks.outcome(), count: traces, sample: requests.length };
    },
  },
  {
    id: 'DATA-03',
    title: 'API keys, tokens and passwords sent by clients are redacted (***) in the logs',
    scenarios: ['SEC-16'],
    owasp: 'API8:2023 Security Misconfiguration (sensitive data in logs)',
    category: 'secrets-in-logs',
    expected: 'none of the planted secrets appears in the captured log lines (count==0)',
    systems: ['jarvis', 'ai-dawg'],
    needs: ['logs'],
    async run(context) {
      if (context.target.kind === 'url') return notRun('the logs of a deployed system are not readable from here');
      const checks = new Checks();
      const planted = Array.from({ length: 6 }, (_, index) => `sk_live_${index}${randomBytes(12).toString('hex')}`);
      const [apiKey, queryKey, bearer, password, queryToken, cookie] = planted as [string, string, string, string, string, string];
      const loginBody = context.target.system === 'jarvis' ? { username: 'target-user', password } : { email: 'log-probe@example.test', password };
      // The captured output is a rolling window: a marker request tells where this probe's lines begin.
      const marker = `log-probe-marker-${randomBytes(6).toString('hex')}`;
      await context.request({ path: `/${marker}` });
      await context.request({ path: `/api/services?api_key=${queryKey}`, headers: { 'x-api-key': apiKey, authorization: `Bearer ${bearer}`, cookie: `session=${cookie}` } });
      await context.request({ path: `/api/projects?token=${queryToken}&api_key=${queryKey}` });
      await context.request({ method: 'POST', path: '/api/auth/login', json: loginBody });
      await context.request({ path: `/no-route?password=${password}&token=${queryToken}` });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const output = context.target.output();
      const start = output.indexOf(marker);
      const logs = start >= 0 ? output.slice(output.lastIndexOf('\n', start) + 1) : output;
      checks.expect(start >= 0, `the marker request never reached the logs (logging off, or more than the capture window since): cannot tell what was logged`);
      checks.expect(logs.length > 0, 'the target wrote no log lines at all: logging is off, nothing to check');
      const lines = logs.split('\n').filter((line) => planted.some((secret) => line.includes(secret)));
      for (const line of lines) checks.expect(false, `log line carries a secret: ${line.slice(0, 200)}`);
      checks.note(`${logs.split('\n').length} log lines read, ${lines.length} with secrets${/\*\*\*/.test(logs) ? ', *** redactions seen' : ''}`);
      return { ...checks.outcome(), count: lines.length, sample: logs.split('\n').length };
    },
  },
  {
    id: 'DATA-04',
    title: 'public endpoints (health, metrics, studio) expose no connection strings, credentials or internal secrets',
    scenarios: ['SEC-17'],
    owasp: 'API3:2023 Broken Object Property Level Authorization (excessive data exposure)',
    category: 'secret-exposure',
    expected: 'no URL with user:password@, no DATABASE_URL/REDIS_URL/S3 keys, no JWT or heartbeat secret in anonymous answers',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const known = [context.target.jwtSecret].filter((value): value is string => Boolean(value));
      const paths =
        context.target.system === 'jarvis'
          ? ['/health', '/metrics', '/metrics?format=prometheus']
          : ['/health', '/api/session-templates', '/studio/3f1c2b9e-8a4d-4c6e-9b2a-1d5e7f9a0b3c', '/studio-assets/studio.js'];
      for (const path of paths) {
        const response = await context.request({ path });
        const credentialUrl = /[a-z][a-z0-9+.-]*:\/\/[^/\s"'@:]+:[^/\s"'@]+@/i.exec(response.text);
        const variable = /(DATABASE_URL|REDIS_URL|S3_SECRET_ACCESS_KEY|AWS_SECRET_ACCESS_KEY|JWT_SECRET|HEARTBEAT_KEY)/.exec(response.text);
        const secret = secretIn(response.text, known);
        checks.expect(!credentialUrl && !variable && !secret, `${path} exposes ${credentialUrl?.[0] ?? variable?.[0] ?? secret}`, `${path} → ${status(response)}, nothing secret`);
      }
      return checks.outcome();
    },
  },
];
