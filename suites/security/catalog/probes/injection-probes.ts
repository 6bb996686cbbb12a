import { tableCensus } from '../../support/database-probe';
import { jsonOf } from '../../support/http-client';
import { Checks, describe as status, type Probe, type ProbeContext } from '../probe';

const SQL_PAYLOADS = [
  "' OR '1'='1",
  "admin'--",
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  "' UNION SELECT id, password_hash FROM users --",
  '" OR ""="',
  "1' AND SLEEP(3) --",
  "'; SELECT pg_sleep(3); --",
];

/** Login bodies carrying each payload in the identity and the password field. */
function loginBodies(system: 'jarvis' | 'ai-dawg'): Record<string, string>[] {
  const bodies: Record<string, string>[] = [];
  for (const payload of SQL_PAYLOADS) {
    if (system === 'jarvis') {
      bodies.push({ username: payload, password: 'x' }, { username: 'target-admin', password: payload });
    } else {
      bodies.push({ email: `${payload}@example.test`, password: 'whatever-password' }, { email: 'victim@example.test', password: `${payload}pad-to-eight` });
    }
  }
  return bodies;
}

/**
 * Proof behind the API: the tables and their row counts are the same before and after. Only a
 * reference AI DAWG has a database this suite can read; JARVIS keeps its accounts in memory.
 */
async function databaseUnchanged(context: ProbeContext, attack: () => Promise<void>, checks: Checks, expectedDelta: Record<string, number> = {}): Promise<void> {
  const databaseUrl = context.target.databaseUrl;
  const before = databaseUrl ? await tableCensus(databaseUrl) : undefined;
  await attack();
  if (!databaseUrl || !before) {
    checks.note('no database access: proven by answers only');
    return;
  }
  const after = await tableCensus(databaseUrl);
  checks.expect(
    JSON.stringify(Object.keys(after)) === JSON.stringify(Object.keys(before)),
    `tables changed: ${Object.keys(before).join(',')} → ${Object.keys(after).join(',')}`,
    `tables intact: ${Object.keys(after).join(', ')}`,
  );
  for (const [table, count] of Object.entries(before)) {
    const expected = count + (expectedDelta[table] ?? 0);
    checks.expect(after[table] === expected, `table ${table} should have ${expected} rows, has ${after[table] ?? 'gone'}`);
  }
}

export const INJECTION_PROBES: Probe[] = [
  {
    id: 'INJ-01',
    title: 'SQL injection in the login form logs nobody in and changes no row',
    scenarios: ['SEC-04'],
    owasp: 'API8:2023 Security Misconfiguration (injection)',
    category: 'injection',
    expected: '400 or 401 for every payload, no token, answers under 2 s (no sleep ran), users table and row counts unchanged',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      await databaseUnchanged(
        context,
        async () => {
          for (const body of loginBodies(context.target.system)) {
            const response = await context.request({ method: 'POST', path: '/api/auth/login', json: body });
            const token = jsonOf<{ token?: string; accessToken?: string }>(response);
            checks.expect([400, 401].includes(response.status) && !token?.token && !token?.accessToken, `login with ${JSON.stringify(body)} answered ${status(response)}`);
            checks.expect(response.elapsedMs < 2000, `login with ${JSON.stringify(body)} took ${Math.round(response.elapsedMs)} ms (a sleep payload ran?)`);
          }
        },
        checks,
      );
      checks.note(`${loginBodies(context.target.system).length} payloads refused`);
      return checks.outcome();
    },
  },
  {
    id: 'INJ-02',
    title: "SQL injection in search ('; DROP TABLE users; --) is a literal search: own rows only, tables intact",
    scenarios: ['SEC-09'],
    owasp: 'API8:2023 Security Misconfiguration (injection)',
    category: 'injection',
    expected: "200 with none of another user's projects; the users and projects tables and their counts unchanged",
    systems: ['ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const victim = await context.target.createUser('sqli-victim');
      const attacker = await context.target.createUser('sqli-attacker');
      const created = await context.request({
        method: 'POST',
        path: '/api/projects',
        headers: { authorization: `Bearer ${victim.token}` },
        json: { name: 'victim secret project' },
      });
      checks.expect(created.status === 201, `victim project not created: ${status(created)}`);
      await databaseUnchanged(
        context,
        async () => {
          for (const payload of [...SQL_PAYLOADS, '%', '_', "%' OR owner_id IS NOT NULL --"]) {
            const response = await context.request({ path: `/api/projects?search=${encodeURIComponent(payload)}`, headers: { authorization: `Bearer ${attacker.token}` } });
            const projects = jsonOf<{ projects?: { name: string }[] }>(response)?.projects ?? [];
            checks.expect(response.status === 200 || response.status === 400, `search ${JSON.stringify(payload)} answered ${status(response)}`);
            checks.expect(projects.length === 0, `search ${JSON.stringify(payload)} returned ${projects.length} projects of another user`);
            checks.expect(response.elapsedMs < 2000, `search ${JSON.stringify(payload)} took ${Math.round(response.elapsedMs)} ms`);
          }
        },
        checks,
      );
      const own = await context.request({ path: `/api/projects?search=${encodeURIComponent('victim secret')}`, headers: { authorization: `Bearer ${victim.token}` } });
      checks.expect(
        (jsonOf<{ projects?: unknown[] }>(own)?.projects ?? []).length === 1,
        `the victim no longer finds their own project: ${status(own)}`,
        'victim still finds their project',
      );
      return checks.outcome();
    },
  },
  {
    id: 'INJ-03',
    title: 'SQL and NoSQL operators in stored fields are stored as text',
    scenarios: ['SEC-09'],
    owasp: 'API8:2023 Security Misconfiguration (injection)',
    category: 'injection',
    expected: 'a project named with SQL is created and read back byte for byte; object-shaped values are 400',
    systems: ['ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const user = await context.target.createUser('sqli-stored');
      const auth = { authorization: `Bearer ${user.token}` };
      await databaseUnchanged(
        context,
        async () => {
          const name = "x'); DELETE FROM projects; --";
          const created = await context.request({ method: 'POST', path: '/api/projects', headers: auth, json: { name } });
          const project = jsonOf<{ project?: { id: string; name: string } }>(created)?.project;
          checks.expect(created.status === 201 && project?.name === name, `the SQL-looking name was not stored literally: ${status(created)}`);
          for (const value of [{ $gt: '' }, { $ne: null }, ['a', 'b']]) {
            const response = await context.request({ method: 'POST', path: '/api/projects', headers: auth, json: { name: value } });
            checks.expect(response.status === 400, `name ${JSON.stringify(value)} answered ${status(response)}`);
          }
        },
        checks,
        { projects: 1 },
      );
      return checks.outcome();
    },
  },
];
