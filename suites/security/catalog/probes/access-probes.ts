import { randomUUID } from 'node:crypto';
import { jsonOf } from '../../support/http-client';
import { Checks, describe as status, type Probe, type ProbeContext } from '../probe';
import { adminRoutes } from '../system-routes';

const BFLA = 'API5:2023 Broken Function Level Authorization';
const BOLA = 'API1:2023 Broken Object Level Authorization';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** AI DAWG has no admin role: these are the admin surfaces a scanner tries, which must not exist. */
const GUESSED_ADMIN_PATHS = ['/api/admin', '/api/admin/users', '/api/users', '/api/admin/projects', '/admin', '/api/debug', '/api/internal/users'];

interface Owned {
  owner: { token: string; id: string };
  intruder: { token: string; id: string };
  projectId: string;
}

async function twoUsersOneProject(context: ProbeContext, label: string): Promise<Owned> {
  const owner = await context.target.createUser(`${label}-owner`);
  const intruder = await context.target.createUser(`${label}-intruder`);
  const created = await context.request({
    method: 'POST',
    path: '/api/projects',
    headers: { authorization: `Bearer ${owner.token}` },
    json: { name: `${label} original`, bpm: 100 },
  });
  const projectId = jsonOf<{ project?: { id: string } }>(created)?.project?.id;
  if (created.status !== 201 || !projectId) throw new Error(`could not create the owner's project: ${status(created)} ${created.text.slice(0, 200)}`);
  return { owner, intruder, projectId };
}

export const ACCESS_PROBES: Probe[] = [
  {
    id: 'ACCESS-01',
    title: 'a regular user on every admin endpoint gets 403',
    scenarios: ['SEC-05'],
    owasp: BFLA,
    category: 'authorization',
    expected: 'JARVIS: 403 FORBIDDEN on each admin route; AI DAWG (no admin role): guessed admin paths answer 404, never 2xx',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const auth = await context.target.authHeaders('user');
      if (context.target.system === 'jarvis') {
        for (const route of adminRoutes('jarvis')) {
          const response = await context.request({ method: route.method, path: route.path, headers: auth, ...(route.body ? { json: route.body } : {}) });
          checks.expect(response.status === 403, `${route.method} ${route.path} as a user answered ${status(response)}`, `${route.method} ${route.path} → ${status(response)}`);
        }
      } else {
        for (const path of GUESSED_ADMIN_PATHS) {
          const response = await context.request({ path, headers: auth });
          checks.expect(response.status === 404, `${path} as a user answered ${status(response)}`, `${path} → ${status(response)}`);
        }
      }
      return checks.outcome();
    },
  },
  {
    id: 'ACCESS-02',
    title: 'role headers, method overrides and path tricks do not reach admin routes',
    scenarios: ['SEC-05'],
    owasp: BFLA,
    category: 'authorization',
    expected: 'never 2xx for a user on an admin function',
    systems: ['jarvis'],
    async run(context) {
      const checks = new Checks();
      const auth = await context.target.authHeaders('user');
      const spoofs: Record<string, string>[] = [
        { 'x-role': 'admin' },
        { 'x-user-role': 'admin' },
        { 'x-forwarded-user': 'target-admin' },
        { 'x-original-url': '/api/admin/blocked-ips' },
        { 'x-rewrite-url': '/api/admin/blocked-ips' },
        { 'x-http-method-override': 'GET' },
      ];
      for (const spoof of spoofs) {
        const response = await context.request({ path: '/api/admin/blocked-ips', headers: { ...auth, ...spoof } });
        checks.expect(response.status === 403, `admin route with ${JSON.stringify(spoof)} answered ${status(response)}`);
      }
      for (const path of [
        '/api/ADMIN/blocked-ips',
        '/api/admin/blocked-ips/',
        '//api/admin/blocked-ips',
        '/api/admin/./blocked-ips',
        '/api/admin/%62locked-ips',
        '/api/services/../admin/blocked-ips',
        '/api/admin/blocked-ips;.json',
        '/api/admin/blocked-ips%00',
      ]) {
        const response = await context.request({ path, headers: auth });
        checks.expect(response.status < 200 || response.status >= 300, `${path} as a user answered ${status(response)}`, `${path} → ${status(response)}`);
      }
      return checks.outcome();
    },
  },
  {
    id: 'ACCESS-03',
    title: "a user changing or deleting another user's project gets 403 and nothing changes",
    scenarios: ['SEC-06'],
    owasp: BOLA,
    category: 'object-level-access',
    expected: 'PATCH and DELETE 403; the project unchanged and still there for its owner',
    systems: ['ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const { owner, intruder, projectId } = await twoUsersOneProject(context, 'bola-write');
      const intruderAuth = { authorization: `Bearer ${intruder.token}` };
      const patched = await context.request({ method: 'PATCH', path: `/api/projects/${projectId}`, headers: intruderAuth, json: { name: 'pwned', bpm: 200 } });
      checks.expect(patched.status === 403, `PATCH of another user's project answered ${status(patched)}`, `PATCH → ${status(patched)}`);
      const deleted = await context.request({ method: 'DELETE', path: `/api/projects/${projectId}`, headers: intruderAuth });
      checks.expect(deleted.status === 403, `DELETE of another user's project answered ${status(deleted)}`, `DELETE → ${status(deleted)}`);
      const beat = await context.request({ method: 'POST', path: '/api/ai/generate-beat', headers: intruderAuth, json: { genre: 'trap', bpm: 90, projectId } });
      checks.expect(beat.status === 403, `a beat for another user's project answered ${status(beat)}`, `generate-beat → ${status(beat)}`);
      const after = await context.request({ path: `/api/projects/${projectId}`, headers: { authorization: `Bearer ${owner.token}` } });
      const project = jsonOf<{ project?: { name: string; bpm: number } }>(after)?.project;
      checks.expect(
        after.status === 200 && project?.name === 'bola-write original' && project.bpm === 100,
        `the owner's project changed or vanished: ${status(after)} ${JSON.stringify(project)}`,
        'owner sees it unchanged',
      );
      return checks.outcome();
    },
  },
  {
    id: 'ACCESS-04',
    title: "a user reading another user's project gets 403 without its data, and never sees it listed",
    scenarios: ['SEC-06'],
    owasp: BOLA,
    category: 'object-level-access',
    expected: "GET 403 or 404 with no project fields; the intruder's list is empty",
    systems: ['ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const { intruder, projectId } = await twoUsersOneProject(context, 'bola-read');
      const intruderAuth = { authorization: `Bearer ${intruder.token}` };
      const read = await context.request({ path: `/api/projects/${projectId}`, headers: intruderAuth });
      checks.expect(
        [403, 404].includes(read.status) && !read.text.includes('bola-read original'),
        `GET of another user's project answered ${status(read)} ${read.text.slice(0, 120)}`,
        `GET → ${status(read)}`,
      );
      const list = await context.request({ path: '/api/projects?limit=100', headers: intruderAuth });
      checks.expect(!list.text.includes(projectId), "another user's project appears in the intruder's list");
      return checks.outcome();
    },
  },
  {
    id: 'ACCESS-05',
    title: 'IDOR: project ids are random UUIDs and enumerating ids finds nothing',
    scenarios: ['SEC-07'],
    owasp: BOLA,
    category: 'object-level-access',
    expected: 'ids are v4 UUIDs with no order between consecutive creations; 60 guessed ids (sequential, small, near a real one) all 404',
    systems: ['ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const { owner, intruder, projectId } = await twoUsersOneProject(context, 'idor');
      const second =
        jsonOf<{ project?: { id: string } }>(
          await context.request({ method: 'POST', path: '/api/projects', headers: { authorization: `Bearer ${owner.token}` }, json: { name: 'idor second' } }),
        )?.project?.id ?? '';
      checks.expect(UUID.test(projectId) && UUID.test(second), `ids are not v4 UUIDs: ${projectId}, ${second}`, `ids ${projectId.slice(0, 8)}…, ${second.slice(0, 8)}…`);
      const sharedPrefix = [...projectId].findIndex((char, index) => char !== second[index]);
      checks.expect(sharedPrefix < 8, `consecutive ids share a ${sharedPrefix}-character prefix (sequential?)`);
      const guesses = [
        ...Array.from({ length: 20 }, (_, index) => String(index + 1)),
        ...Array.from({ length: 20 }, (_, index) => `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`),
        ...Array.from({ length: 20 }, () => randomUUID()),
        `${projectId.slice(0, -1)}${projectId.endsWith('0') ? '1' : '0'}`,
      ];
      let found = 0;
      for (const guess of guesses) {
        const response = await context.request({ path: `/api/projects/${guess}`, headers: { authorization: `Bearer ${intruder.token}` } });
        if (response.status >= 200 && response.status < 300) found += 1;
        checks.expect(response.status === 404 || response.status === 400, `guessed id ${guess} answered ${status(response)}`);
      }
      checks.expect(found === 0, `${found} guessed ids returned a project`, `${guesses.length} guesses, ${found} found`);
      return checks.outcome();
    },
  },
  {
    id: 'ACCESS-06',
    title: 'mass assignment: owner, id, role and timestamps set by the client are refused or ignored',
    scenarios: ['SEC-17'],
    owasp: 'API3:2023 Broken Object Property Level Authorization',
    category: 'mass-assignment',
    expected: '400 for unknown fields (or the server-set value kept): owner stays the caller, no role is stored',
    systems: ['ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const { owner, intruder, projectId } = await twoUsersOneProject(context, 'mass');
      const ownerAuth = { authorization: `Bearer ${owner.token}` };
      const attempts: Record<string, unknown>[] = [
        { ownerId: intruder.id },
        { owner_id: intruder.id },
        { id: randomUUID() },
        { createdAt: '2000-01-01T00:00:00Z' },
        { folder: '../../other/' },
      ];
      for (const extra of attempts) {
        const created = await context.request({ method: 'POST', path: '/api/projects', headers: ownerAuth, json: { name: 'mass assigned', ...extra } });
        const project = jsonOf<{ project?: Record<string, unknown> }>(created)?.project;
        const kept = project && Object.entries(extra).some(([key, value]) => project[key] === value);
        checks.expect(
          created.status === 400 || (created.status === 201 && !kept && project?.ownerId === owner.id),
          `POST with ${JSON.stringify(extra)} answered ${status(created)} and stored ${JSON.stringify(project)}`,
        );
        const patched = await context.request({ method: 'PATCH', path: `/api/projects/${projectId}`, headers: ownerAuth, json: { name: 'still mine', ...extra } });
        const after = jsonOf<{ project?: Record<string, unknown> }>(patched)?.project;
        checks.expect(
          patched.status === 400 || (patched.status === 200 && after?.ownerId === owner.id && after.id === projectId),
          `PATCH with ${JSON.stringify(extra)} answered ${status(patched)} ${JSON.stringify(after)}`,
        );
      }
      const registered = await context.request({
        method: 'POST',
        path: '/api/auth/register',
        json: { email: `mass-${Date.now()}@example.test`, password: 'long-enough-pw', role: 'admin', isAdmin: true },
      });
      checks.expect(
        registered.status === 400 || !/admin/i.test(registered.text),
        `register with role admin answered ${status(registered)} ${registered.text.slice(0, 120)}`,
        `register with role → ${status(registered)}`,
      );
      return checks.outcome();
    },
  },
  {
    id: 'ACCESS-07',
    title: 'mass assignment: JARVIS login, heartbeat and admin bodies refuse extra fields',
    scenarios: ['SEC-17'],
    owasp: 'API3:2023 Broken Object Property Level Authorization',
    category: 'mass-assignment',
    expected: '400 VALIDATION_FAILED for role, admin and id fields the routes do not offer',
    systems: ['jarvis'],
    async run(context) {
      const checks = new Checks();
      const userAuth = await context.target.authHeaders('user');
      const attempts = [
        { path: '/api/auth/login', json: { username: 'target-user', password: 'x', role: 'admin' } },
        { path: '/api/heartbeat', json: { service: 'backend', status: 'healthy', role: 'admin' }, headers: userAuth },
        { path: '/api/heartbeat', json: { service: 'backend', status: 'healthy', metrics: { errorRate: 0, isAdmin: true } }, headers: userAuth },
      ];
      for (const attempt of attempts) {
        const response = await context.request({ method: 'POST', path: attempt.path, json: attempt.json, headers: attempt.headers ?? {} });
        checks.expect(response.status === 400, `${attempt.path} with ${JSON.stringify(attempt.json)} answered ${status(response)}`, `${attempt.path} → ${status(response)}`);
      }
      return checks.outcome();
    },
  },
  {
    id: 'ACCESS-08',
    title: "a user cannot make himself a collaborator of another user's project, nor read its sessions and conflicts",
    scenarios: ['SEC-06'],
    owasp: BOLA,
    category: 'object-level-access',
    expected: 'adding oneself as collaborator 403 (or 404); sessions and conflicts of the project 403 (or 404)',
    systems: ['ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const { intruder, projectId } = await twoUsersOneProject(context, 'collab');
      const auth = { authorization: `Bearer ${intruder.token}` };
      const joined = await context.request({ method: 'POST', path: `/api/projects/${projectId}/collaborators`, headers: auth, json: { userId: intruder.id } });
      checks.expect([403, 404].includes(joined.status), `adding oneself to another user's project answered ${status(joined)}`, `self-invite → ${status(joined)}`);
      const conflicts = await context.request({ path: `/api/projects/${projectId}/conflicts`, headers: auth });
      checks.expect([403, 404].includes(conflicts.status), `another user's conflicts answered ${status(conflicts)}`, `conflicts → ${status(conflicts)}`);
      const session = await context.request({ method: 'POST', path: `/api/projects/${projectId}/sessions`, headers: auth, json: { template: 'mixing' } });
      checks.expect([403, 404].includes(session.status), `a session in another user's project answered ${status(session)}`, `session → ${status(session)}`);
      return checks.outcome();
    },
  },
  {
    id: 'ACCESS-09',
    title: 'heartbeats cannot be pushed anonymously or with a wrong key, nor create services',
    scenarios: ['SEC-17'],
    owasp: BFLA,
    category: 'authorization',
    expected: '401 without a token or with a wrong X-Heartbeat-Key; 404 for a service JARVIS does not monitor',
    systems: ['jarvis'],
    async run(context) {
      const checks = new Checks();
      const body = { service: 'backend', status: 'healthy' };
      const anonymous = await context.request({ method: 'POST', path: '/api/heartbeat', json: body });
      checks.expect(anonymous.status === 401, `an anonymous heartbeat answered ${status(anonymous)}`, `anonymous → ${status(anonymous)}`);
      const wrongKey = await context.request({ method: 'POST', path: '/api/heartbeat', json: body, headers: { 'x-heartbeat-key': 'not-the-key' } });
      checks.expect(wrongKey.status === 401, `a heartbeat with a wrong key answered ${status(wrongKey)}`, `wrong key → ${status(wrongKey)}`);
      const unknown = await context.request({
        method: 'POST',
        path: '/api/heartbeat',
        json: { service: 'rogue-service', status: 'healthy' },
        headers: await context.target.authHeaders('user'),
      });
      checks.expect(unknown.status === 404 || unknown.status === 400, `a heartbeat for an unmonitored service answered ${status(unknown)}`, `unknown service → ${status(unknown)}`);
      const services = await context.request({ path: '/api/services', headers: await context.target.authHeaders('user') });
      checks.expect(!services.text.includes('rogue-service'), 'the rogue heartbeat created a monitored service');
      return checks.outcome();
    },
  },
];
