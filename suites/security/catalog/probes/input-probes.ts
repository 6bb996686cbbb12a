import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { SYSTEM_ROUTES } from '../system-routes';
import { Checks, describe as status, type Probe, type ProbeContext } from '../probe';
import { stackTraceIn } from './probe-helpers';
import type { RawResponse } from '../../support/http-client';

/** Errors from node:http come from another realm than Jest's, so `instanceof Error` cannot tell them apart. */
export function isResponse(value: RawResponse | Error): value is RawResponse {
  return typeof (value as RawResponse).status === 'number';
}

const CONSUMPTION = 'API4:2023 Unrestricted Resource Consumption';
const PASSWD = /root:.*:0:0:/;

function traversalPaths(system: 'jarvis' | 'ai-dawg'): string[] {
  const dots = [
    '../../etc/passwd',
    '..%2f..%2fetc%2fpasswd',
    '%2e%2e/%2e%2e/etc/passwd',
    '%252e%252e%252fetc%252fpasswd',
    '..%5c..%5cetc%5cpasswd',
    '..;/..;/etc/passwd',
    '%c0%ae%c0%ae/etc/passwd',
  ];
  if (system === 'jarvis') {
    return dots.flatMap((dot) => [`/api/services/${dot}`, `/api/dawg/backend/${dot}`, `/api/dawg/${dot}`, `/api/recovery/${dot}/restart`, `/${dot}`]);
  }
  return dots.flatMap((dot) => [
    `/api/projects/${dot}`,
    `/studio/${dot}`,
    `/studio-assets/${dot}`,
    `/studio-assets/..%2f..%2f..%2fpackage.json`,
    `/api/ai/jobs/${dot}`,
    `/ws/projects/${dot}`,
    `/${dot}`,
  ]);
}

/** A raw socket that sends headers and then trickles the body a byte every 100 ms. */
function slowBody(baseUrl: string, path: string, localAddress: string | undefined): net.Socket {
  const url = new URL(baseUrl);
  const socket = net.connect({ host: url.hostname, port: Number(url.port), ...(localAddress ? { localAddress } : {}) });
  socket.on('error', () => undefined);
  socket.write(`POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a":"`);
  const timer = setInterval(() => socket.write('a'), 100);
  socket.once('close', () => clearInterval(timer));
  return socket;
}

async function bodyRoutes(context: ProbeContext): Promise<{ path: string; headers: Record<string, string> }[]> {
  const auth = await context.target.authHeaders('user');
  // Admin routes refuse a user before reading the body; the admin's token makes the body limit the thing tested.
  const admin = context.target.system === 'jarvis' ? await context.target.authHeaders('admin') : auth;
  return SYSTEM_ROUTES[context.target.system]
    .filter((route) => route.method === 'POST' || route.method === 'PATCH')
    .map((route) => ({ path: route.path, headers: route.access === 'public' ? {} : route.access === 'admin' ? admin : auth, method: route.method }));
}

export const INPUT_PROBES: Probe[] = [
  {
    id: 'INPUT-01',
    title: 'path traversal (../../etc/passwd, encoded, double-encoded, backslash, overlong UTF-8) in every path parameter is blocked',
    scenarios: ['SEC-10'],
    owasp: 'API8:2023 Security Misconfiguration (path traversal)',
    category: 'file-disclosure',
    expected: 'a 4xx JSON error for each; no file content; nothing outside the service root reached upstream',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const auth = await context.target.authHeaders('user');
      const upstream = context.target.canaries?.upstream;
      const seenBefore = upstream?.requests().length ?? 0;
      const paths = traversalPaths(context.target.system);
      for (const path of paths) {
        const response = await context.request({ path, headers: auth });
        checks.expect(response.status >= 400 && response.status < 500, `${path} answered ${status(response)}`);
        checks.expect(!PASSWD.test(response.text) && !/"name"\s*:\s*"@orch\//.test(response.text), `${path} returned file content: ${response.text.slice(0, 80)}`);
      }
      if (upstream) {
        // What a downstream server could still resolve: a dot segment, or an encoded dot, slash or backslash.
        const escaped = upstream
          .requests()
          .slice(seenBefore)
          .filter((request) => /(^|[/\\])\.\.?([/\\;]|$)|%2e|%2f|%5c|\\/i.test(request.url) || request.url === '/etc/passwd');
        checks.expect(
          escaped.length === 0,
          `the proxied upstream received traversal paths: ${escaped.map((request) => request.url).join(', ')}`,
          `upstream saw ${upstream.requests().length - seenBefore} requests, none escaping`,
        );
      }
      checks.note(`${paths.length} traversal paths refused`);
      return checks.outcome();
    },
  },
  {
    id: 'INPUT-02',
    title: 'a 10 MB JSON body gets 413 on every body route',
    scenarios: ['SEC-11'],
    owasp: CONSUMPTION,
    category: 'resource-consumption',
    expected: '413 PAYLOAD_TOO_LARGE, answered in under 2 s, for each POST/PATCH route',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const big = Buffer.from(JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) }));
      for (const route of await bodyRoutes(context)) {
        const response = await context
          .request({ method: 'POST', path: route.path, headers: { ...route.headers, 'content-type': 'application/json' }, body: big, timeoutMs: 20_000 })
          .catch((error: Error) => error);
        if (!isResponse(response)) {
          // A server may cut the connection once the declared length is over its limit.
          checks.expect(/ECONNRESET|EPIPE|socket hang up/i.test(response.message), `${route.path}: ${response.message}`, `${route.path} → connection closed`);
          continue;
        }
        checks.expect(
          response.status === 413,
          `${route.path} with 10 MB answered ${status(response)}`,
          `${route.path} → ${status(response)} in ${Math.round(response.elapsedMs)} ms`,
        );
        checks.expect(response.elapsedMs < 2000, `${route.path} took ${Math.round(response.elapsedMs)} ms to refuse 10 MB`);
      }
      return checks.outcome();
    },
  },
  {
    id: 'INPUT-03',
    title: 'huge arrays and deeply nested JSON get a quick 4xx, never a 5xx',
    scenarios: ['SEC-17'],
    owasp: CONSUMPTION,
    category: 'resource-consumption',
    expected: '4xx within 1 s for a 100,000-element array, 5,000-level nesting and 50,000 keys',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const bodies: [string, string][] = [
        ['100k-element array', JSON.stringify({ name: Array.from({ length: 100_000 }, () => 1) })],
        ['5000-level nesting', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
        ['5000-level array nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
        ['50k keys', JSON.stringify(Object.fromEntries(Array.from({ length: 50_000 }, (_, index) => [`k${index}`, index])))],
      ];
      for (const route of await bodyRoutes(context)) {
        for (const [label, body] of bodies) {
          const response = await context.request({ method: 'POST', path: route.path, headers: { ...route.headers, 'content-type': 'application/json' }, body });
          checks.expect(response.status >= 400 && response.status < 500, `${route.path} with ${label} answered ${status(response)}`);
          checks.expect(response.elapsedMs < 1000, `${route.path} with ${label} took ${Math.round(response.elapsedMs)} ms`);
        }
      }
      return checks.outcome();
    },
  },
  {
    id: 'INPUT-04',
    title: 'slow bodies (20 trickling connections) do not tie the server up',
    scenarios: ['SEC-17'],
    owasp: CONSUMPTION,
    category: 'resource-consumption',
    expected: 'while 20 connections trickle a body, a normal request answers in under 500 ms',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const path = '/api/auth/login';
      const slow = Array.from({ length: 20 }, () => slowBody(context.target.baseUrl, path, context.newClientAddress()));
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const started = performance.now();
        const response = await context.request({ path: '/health' });
        const elapsed = performance.now() - started;
        checks.expect(response.status < 500 || response.status === 503, `health answered ${status(response)} during the slow bodies`);
        checks.expect(
          elapsed < 500,
          `a normal request took ${Math.round(elapsed)} ms while 20 slow bodies were open`,
          `normal request in ${Math.round(elapsed)} ms during 20 slow bodies`,
        );
      } finally {
        for (const socket of slow) socket.destroy();
      }
      return checks.outcome();
    },
  },
  {
    id: 'INPUT-05',
    title: 'wrong content types, malformed JSON and prototype-pollution bodies get 4xx without side effects',
    scenarios: ['SEC-17'],
    owasp: 'API8:2023 Security Misconfiguration (input validation)',
    category: 'error-disclosure',
    expected: '415 or 400 with a JSON error and no stack; a later request is not affected by __proto__ keys',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const login = '/api/auth/login';
      const attempts: { headers: Record<string, string>; body: string; label: string }[] = [
        { label: 'text/plain', headers: { 'content-type': 'text/plain' }, body: 'hello' },
        { label: 'xml', headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>' },
        { label: 'form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=a&password=b' },
        { label: 'truncated JSON', headers: { 'content-type': 'application/json' }, body: '{"username": "a", "pass' },
        { label: 'invalid UTF-8', headers: { 'content-type': 'application/json' }, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]).toString('latin1') },
        { label: 'empty JSON', headers: { 'content-type': 'application/json' }, body: '' },
        { label: '__proto__', headers: { 'content-type': 'application/json' }, body: '{"__proto__":{"role":"admin","isAdmin":true},"username":"a","password":"b"}' },
        {
          label: 'constructor.prototype',
          headers: { 'content-type': 'application/json' },
          body: '{"constructor":{"prototype":{"role":"admin"}},"email":"a@b.c","password":"12345678"}',
        },
      ];
      for (const attempt of attempts) {
        const response = await context.request({ method: 'POST', path: login, headers: attempt.headers, body: attempt.body });
        checks.expect(response.status >= 400 && response.status < 500, `${attempt.label} answered ${status(response)}`, `${attempt.label} → ${status(response)}`);
        const trace = stackTraceIn(response.text);
        checks.expect(!trace, `${attempt.label}: stack trace in the answer (${trace})`);
      }
      const after = await context.request({
        path: context.target.system === 'jarvis' ? '/api/admin/blocked-ips' : '/api/projects',
        headers: await context.target.authHeaders('user'),
      });
      checks.expect(context.target.system === 'jarvis' ? after.status === 403 : after.status === 200, `after the pollution attempts a user request answered ${status(after)}`);
      return checks.outcome();
    },
  },
  {
    id: 'INPUT-06',
    title: 'very long URLs, headers and parameters get 4xx, never 5xx',
    scenarios: ['SEC-17'],
    owasp: CONSUMPTION,
    category: 'resource-consumption',
    expected: '4xx (400/404/414/431) for a 20 kB path, a 60 kB header and a 5 kB path parameter',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const attempts = [
        { label: '20 kB path', path: `/api/${'a'.repeat(20_000)}`, headers: {} },
        {
          label: '5 kB parameter',
          path: context.target.system === 'jarvis' ? `/api/services/${'a'.repeat(5000)}` : `/api/projects/${'a'.repeat(5000)}`,
          headers: await context.target.authHeaders('user'),
        },
        { label: '60 kB header', path: '/health', headers: { 'x-padding': 'a'.repeat(60_000) } },
        // A query the route ignores may be served: only a 5xx or a split header is a finding.
        { label: '20 kB query', path: `/health?${'a=1&'.repeat(5000)}`, headers: {}, anyNon5xx: true },
        { label: 'CRLF in query', path: '/health?x=%0d%0aSet-Cookie:%20pwned=1', headers: {}, anyNon5xx: true },
      ];
      for (const attempt of attempts) {
        const response = await context.request({ path: attempt.path, headers: attempt.headers }).catch((error: Error) => error);
        if (!isResponse(response)) {
          checks.expect(/ECONNRESET|socket hang up/.test(response.message), `${attempt.label}: ${response.message}`);
          continue;
        }
        const accepted = 'anyNon5xx' in attempt ? response.status < 500 || response.status === 503 : response.status >= 400 && response.status < 500;
        checks.expect(accepted, `${attempt.label} answered ${status(response)}`, `${attempt.label} → ${status(response)}`);
        checks.expect(!response.headers['set-cookie'], `${attempt.label} split the response headers (Set-Cookie came back)`);
      }
      return checks.outcome();
    },
  },
  {
    id: 'INPUT-07',
    title: 'HTTP request smuggling (conflicting Content-Length and Transfer-Encoding, obfuscated chunking) is refused',
    scenarios: ['SEC-17'],
    owasp: 'API8:2023 Security Misconfiguration (request smuggling)',
    category: 'file-disclosure',
    expected: '400 (or the connection closed) for each ambiguous framing; never a second, smuggled request answered',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const url = new URL(context.target.baseUrl);
      const smuggled = `GET /api/admin/blocked-ips HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`;
      const frames = [
        `POST /api/auth/login HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${smuggled}`,
        `POST /api/auth/login HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: xchunked\r\nContent-Length: 2\r\n\r\n{}${smuggled}`,
        `POST /api/auth/login HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}${smuggled}`,
      ];
      for (const [index, frame] of frames.entries()) {
        const answer = await rawExchange(url, frame, context.newClientAddress());
        const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((match) => Number(match[1]));
        checks.expect(
          statuses.length <= 1 && statuses.every((code) => code === 400),
          `framing ${index + 1}: answers ${statuses.join(', ') || 'none'} (a second answer means a smuggled request was served)`,
          `framing ${index + 1} → ${statuses.join(', ') || 'closed'}`,
        );
      }
      return checks.outcome();
    },
  },
];

/** Writes raw bytes on one connection and collects everything the server answers within 1 s. */
function rawExchange(url: URL, frame: string, localAddress: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port), ...(localAddress ? { localAddress } : {}) });
    let received = '';
    const done = (): void => {
      socket.destroy();
      resolve(received);
    };
    const timer = setTimeout(done, 1000);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.write(frame);
  });
}
