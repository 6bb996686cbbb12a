import { jsonOf } from '../../support/http-client';
import { attemptSocket, wsUrl, type SocketAttempt } from '../../support/websocket-attempt';
import { unsignedToken, withBrokenSignature, decodeClaims } from '../jwt-forge';
import { Checks, describe as status, notRun, type Probe, type ProbeContext } from '../probe';

const EVIL_ORIGIN = 'https://evil.example';

function refusedWith(attempt: SocketAttempt, code: number): boolean {
  return (attempt.httpStatus !== undefined && attempt.httpStatus === code - 4000) || attempt.closeCode === code;
}

function subscribed(attempt: SocketAttempt): boolean {
  return attempt.messages.some((message) => message.includes('"subscribed"'));
}

async function ownedProject(context: ProbeContext, label: string): Promise<{ token: string; projectId: string }> {
  const user = await context.target.createUser(label);
  const created = await context.request({ method: 'POST', path: '/api/projects', headers: { authorization: `Bearer ${user.token}` }, json: { name: `${label} socket` } });
  const projectId = jsonOf<{ project?: { id: string } }>(created)?.project?.id;
  if (!projectId) throw new Error(`project not created: ${status(created)}`);
  return { token: user.token, projectId };
}

const SUBSCRIBED = (messages: string[]): boolean => messages.some((message) => message.includes('"subscribed"'));

function describeAttempt(attempt: SocketAttempt): string {
  return attempt.httpStatus ? `HTTP ${attempt.httpStatus}` : `close ${attempt.closeCode ?? 'none'}${subscribed(attempt) ? ' after subscribing' : ''}`;
}

export const SOCKET_PROBES: Probe[] = [
  {
    id: 'WS-01',
    title: "the project WebSocket refuses a missing, tampered or unsigned token and another user's project",
    scenarios: ['SEC-17'],
    owasp: 'API2:2023 Broken Authentication (WebSocket)',
    category: 'websocket-auth',
    expected: 'close 4401 (or HTTP 401) for bad tokens, 4403 (or 403) for a project of another user; never "subscribed"',
    systems: ['ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const owner = await ownedProject(context, 'ws-owner');
      const intruder = await context.target.createUser('ws-intruder');
      const base = (token?: string): string => wsUrl(context.target.baseUrl, `/ws/projects/${owner.projectId}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`);
      const attempts: [string, string, number][] = [
        ['no token', base(), 4401],
        ['tampered token', base(withBrokenSignature(owner.token)), 4401],
        ['alg none', base(unsignedToken(decodeClaims(owner.token))), 4401],
        ["another user's project", base(intruder.token), 4403],
      ];
      for (const [label, url, code] of attempts) {
        const attempt = await attemptSocket(url);
        checks.expect(refusedWith(attempt, code) && !subscribed(attempt), `${label}: ${describeAttempt(attempt)} (want ${code})`, `${label} → ${describeAttempt(attempt)}`);
      }
      const own = await attemptSocket(base(owner.token), { waitMs: 2000, until: SUBSCRIBED });
      checks.expect(subscribed(own), `the owner could not subscribe (${describeAttempt(own)}): the probe cannot tell refusal from breakage`);
      return checks.outcome();
    },
  },
  {
    id: 'WS-02',
    title: 'the project WebSocket refuses a browser connection from a foreign Origin (cross-site WebSocket hijacking)',
    scenarios: ['SEC-17'],
    owasp: 'API8:2023 Security Misconfiguration (WebSocket origin)',
    category: 'websocket-origin',
    expected: "Origin https://evil.example with a valid token: refused (HTTP 403 or close 4403), never subscribed; the studio's own origin is accepted",
    systems: ['ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const owner = await ownedProject(context, 'ws-origin');
      const url = wsUrl(context.target.baseUrl, `/ws/projects/${owner.projectId}?token=${encodeURIComponent(owner.token)}`);
      const foreign = await attemptSocket(url, { origin: EVIL_ORIGIN, waitMs: 800, until: SUBSCRIBED });
      checks.expect(!subscribed(foreign), `a foreign Origin subscribed to the project feed (${describeAttempt(foreign)})`, `foreign origin → ${describeAttempt(foreign)}`);
      const own = await attemptSocket(url, { origin: context.target.baseUrl, waitMs: 2000, until: SUBSCRIBED });
      checks.expect(subscribed(own), `the studio's own origin was refused (${describeAttempt(own)})`);
      return checks.outcome();
    },
  },
  {
    id: 'WS-05',
    title: "the collaboration WebSocket refuses a missing or forged token, another user's project and a foreign Origin",
    scenarios: ['SEC-17'],
    owasp: 'API2:2023 Broken Authentication (WebSocket)',
    category: 'websocket-auth',
    expected: 'close 4401 / 4403 (or HTTP 401 / 403) and no Yjs sync frames for each; the owner connects',
    systems: ['ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const owner = await ownedProject(context, 'collab-owner');
      const intruder = await context.target.createUser('collab-intruder');
      const url = (token?: string): string => wsUrl(context.target.baseUrl, `/ws/collab/${owner.projectId}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`);
      const attempts: [string, string, number, string | undefined][] = [
        ['no token', url(), 4401, undefined],
        ['alg none', url(unsignedToken(decodeClaims(owner.token))), 4401, undefined],
        ["another user's project", url(intruder.token), 4403, undefined],
        ['foreign Origin with the owner token', url(owner.token), 4403, EVIL_ORIGIN],
      ];
      for (const [label, target, code, origin] of attempts) {
        const attempt = await attemptSocket(target, { waitMs: 800, ...(origin ? { origin } : {}) });
        const refused = refusedWith(attempt, code) || (attempt.httpStatus !== undefined && attempt.httpStatus >= 400);
        checks.expect(
          refused && !attempt.messages.some((message) => !message.startsWith('{')),
          `${label}: ${describeAttempt(attempt)} (want ${code})`,
          `${label} → ${describeAttempt(attempt)}`,
        );
      }
      const own = await attemptSocket(url(owner.token), { waitMs: 800 });
      checks.expect(own.opened && own.closeCode === undefined, `the owner could not open the collaboration socket (${describeAttempt(own)})`);
      return checks.outcome();
    },
  },
  {
    id: 'WS-03',
    title: 'the vocal coach WebSocket refuses foreign Origins and survives malformed and oversized frames',
    scenarios: ['SEC-17'],
    owasp: 'API4:2023 Unrestricted Resource Consumption (WebSocket)',
    category: 'websocket-origin',
    expected: 'Origin https://evil.example refused; a malformed frame gets a BAD_AUDIO_FRAME error; a 2 MiB frame closes that socket (1009); the coach still answers /health',
    systems: ['ai-dawg'],
    needs: ['vocal-coach'],
    async run(context) {
      const coach = context.target.urls.vocalCoach;
      if (!coach) return notRun('no vocal coach URL for this target (AIDAWG_VOCAL_COACH_URL)');
      const checks = new Checks();
      const url = wsUrl(coach, '/ws/vocal');
      const malformed = await attemptSocket(url, { send: [Buffer.from([1, 2, 3]), 'not json'], waitMs: 800, until: (messages) => messages.length >= 2 });
      checks.expect(
        malformed.messages.some((message) => /BAD_AUDIO_FRAME|BAD_MESSAGE/.test(message)),
        `malformed frames got no error frame: ${malformed.messages.join(' | ').slice(0, 160)}`,
        'malformed frames → error frames',
      );
      const huge = await attemptSocket(url, { send: [Buffer.alloc(2 * 1024 * 1024)], waitMs: 1500 });
      checks.expect(huge.closeCode === 1009, `a 2 MiB frame closed with ${huge.closeCode ?? 'nothing'} (want 1009)`, `2 MiB frame → close ${huge.closeCode}`);
      const health = await fetch(`${coach}/health`)
        .then((response) => response.status)
        .catch(() => 0);
      checks.expect(health === 200, `the vocal coach's /health answered ${health} after the abuse`);
      const foreign = await attemptSocket(url, { origin: EVIL_ORIGIN, waitMs: 600 });
      checks.expect(
        !foreign.opened || foreign.closeCode === 4403,
        `the vocal coach accepted Origin ${EVIL_ORIGIN} (${describeAttempt(foreign)})`,
        `foreign origin → ${describeAttempt(foreign)}`,
      );
      return checks.outcome();
    },
  },
  {
    id: 'WS-04',
    title: 'JARVIS exposes no WebSocket: upgrade requests on likely paths are refused',
    scenarios: ['SEC-17'],
    owasp: 'API9:2023 Improper Inventory Management',
    category: 'inventory',
    expected: 'no 101 Switching Protocols on /ws, /api/ws, /socket.io/, /api/events',
    systems: ['jarvis'],
    async run(context) {
      const checks = new Checks();
      for (const path of ['/ws', '/api/ws', '/socket.io/?EIO=4&transport=websocket', '/api/events', '/api/dawg/backend/ws/projects/x']) {
        const attempt = await attemptSocket(wsUrl(context.target.baseUrl, path), { localAddress: context.newClientAddress(), waitMs: 600 });
        checks.expect(!attempt.opened, `${path} accepted a WebSocket upgrade without a token`, `${path} → ${describeAttempt(attempt)}`);
      }
      return checks.outcome();
    },
  },
];
