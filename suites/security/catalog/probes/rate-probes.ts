import type { RawResponse } from '../../support/http-client';
import { Checks, describe as status, notRun, type Probe, type ProbeContext } from '../probe';

const CONSUMPTION = 'API4:2023 Unrestricted Resource Consumption';
const NEEDS_ADDRESSES = 'needs many client addresses: loopback aliases reach only a target on this machine';
const LIMIT = 100;

/** The cheapest counted request: a protected route without a token (401 is still counted). */
function countedPath(context: ProbeContext): string {
  return context.target.system === 'jarvis' ? '/api/services' : '/api/projects';
}

async function burst(context: ProbeContext, address: string | undefined, count: number, headers: (index: number) => Record<string, string> = () => ({})): Promise<RawResponse[]> {
  const responses: RawResponse[] = [];
  for (let index = 0; index < count; index++) {
    responses.push(await context.request({ path: countedPath(context), headers: headers(index), ...(address ? { localAddress: address } : {}) }));
  }
  return responses;
}

function checkLimited(checks: Checks, responses: RawResponse[], label: string, blockCounts = false): void {
  // With spoofed headers the detector may block the client (403) before the limit: that refuses it all the same.
  const refusedStatus = (response: RawResponse): boolean => response.status === 429 || (blockCounts && response.status === 403);
  const firstRefused = responses.findIndex(refusedStatus);
  if (blockCounts && firstRefused >= 0 && firstRefused < LIMIT && responses[firstRefused]?.status === 403) {
    const served = responses.filter((response) => !refusedStatus(response)).length;
    checks.expect(
      served <= LIMIT && responses.slice(firstRefused).every(refusedStatus),
      `${label}: ${served} requests served after the block`,
      `${label}: blocked (403) after ${firstRefused} requests`,
    );
    return;
  }
  const firstLimited = responses.findIndex((response) => response.status === 429);
  checks.expect(
    firstLimited === LIMIT,
    `${label}: first 429 at request ${firstLimited + 1} (want ${LIMIT + 1}; -1 means never)`,
    `${label}: requests 1-${LIMIT} served, #${LIMIT + 1} → 429`,
  );
  const limited = responses[firstLimited];
  if (!limited) return;
  const retryAfter = Number(limited.headers['retry-after']);
  checks.expect(
    Number.isFinite(retryAfter) && retryAfter > 0 && retryAfter <= 60,
    `${label}: 429 without a usable Retry-After (got "${limited.headers['retry-after']}")`,
    `Retry-After: ${retryAfter} s`,
  );
  checks.expect(/RATE_LIMITED/.test(limited.text), `${label}: 429 body is not the RATE_LIMITED JSON error: ${limited.text.slice(0, 120)}`);
}

/** Is `address` refused now (403 from the detector's block)? */
async function refused(context: ProbeContext, address: string): Promise<RawResponse> {
  return context.request({ path: countedPath(context), localAddress: address });
}

export const RATE_PROBES: Probe[] = [
  {
    id: 'RATE-01',
    title: '100 requests in a minute from one client, then 429 with Retry-After; another client is still served',
    scenarios: ['SEC-12'],
    owasp: CONSUMPTION,
    category: 'rate-limiting',
    expected: 'requests 1-100 not limited, the 101st 429 RATE_LIMITED with Retry-After ≤ 60 s; a second client at the same moment is served',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const first = context.newClientAddress();
      checkLimited(checks, await burst(context, first, LIMIT + 1), 'one client');
      const second = context.newClientAddress();
      if (first && second) {
        const other = await context.request({ path: countedPath(context), localAddress: second });
        checks.expect(other.status !== 429, `a second client was limited too (${status(other)}): the limit is not per client`, `second client → ${status(other)}`);
      } else checks.note('one client address only (remote target): per-client separation not checked');
      return checks.outcome();
    },
  },
  {
    id: 'RATE-02',
    title: 'X-Forwarded-For / X-Real-IP / Forwarded spoofing does not reset the limit',
    scenarios: ['SEC-13'],
    owasp: CONSUMPTION,
    category: 'rate-limiting',
    expected: 'with a new forwarded address on every request, the 101st request from the same socket address is still 429',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const address = context.newClientAddress();
      const spoofed = (index: number): Record<string, string> => {
        const fake = `203.0.113.${(index % 250) + 1}`;
        return { 'x-forwarded-for': fake, 'x-real-ip': fake, forwarded: `for=${fake}`, 'x-client-ip': fake, 'true-client-ip': fake };
      };
      checkLimited(checks, await burst(context, address, LIMIT + 1, spoofed), 'spoofed forwarding headers', true);
      return checks.outcome();
    },
  },
  {
    id: 'RATE-03',
    title: 'the WAF-style detector flags a client that rotates X-Forwarded-For and blocks it',
    scenarios: ['SEC-13'],
    owasp: CONSUMPTION,
    category: 'attack-detection',
    expected: 'after 30 requests with 30 different forwarded addresses from one socket, that client gets 403 and (JARVIS) the admin list names it; an uninvolved client is served',
    systems: ['jarvis', 'ai-dawg'],
    needs: ['addresses'],
    async run(context) {
      const address = context.newClientAddress();
      const bystander = context.newClientAddress();
      if (!address || !bystander) return notRun(NEEDS_ADDRESSES);
      const checks = new Checks();
      await burst(context, address, 30, (index) => ({ 'x-forwarded-for': `198.51.100.${index + 1}` }));
      const after = await refused(context, address);
      checks.expect(after.status === 403, `the rotating client is not blocked (${status(after)})`, `rotating client → ${status(after)}`);
      await flaggedByAdmin(context, checks, [address]);
      const other = await refused(context, bystander);
      checks.expect(other.status !== 403 && other.status !== 429, `an uninvolved client was refused too (${status(other)})`);
      return checks.outcome();
    },
  },
  {
    id: 'RATE-04',
    title: 'a distributed attack (failed logins from 20 addresses, each under the limit) is detected and its sources blocked',
    scenarios: ['SEC-13'],
    owasp: CONSUMPTION,
    category: 'attack-detection',
    expected: 'no source reaches 100 requests, yet after the wave each source gets 403 and (JARVIS) the admin list names them; an uninvolved client is served',
    systems: ['jarvis', 'ai-dawg'],
    needs: ['addresses'],
    async run(context) {
      const sources = Array.from({ length: 20 }, () => context.newClientAddress());
      const bystander = context.newClientAddress();
      if (sources.some((source) => !source) || !bystander) return notRun(NEEDS_ADDRESSES);
      const checks = new Checks();
      const body = context.target.system === 'jarvis' ? { username: 'target-admin', password: 'guess' } : { email: 'victim@example.test', password: 'guess-guess' };
      for (let round = 0; round < 3; round++) {
        for (const source of sources) await context.request({ method: 'POST', path: '/api/auth/login', json: body, localAddress: source });
      }
      const blocked = [];
      for (const source of sources) if ((await refused(context, source as string)).status === 403) blocked.push(source);
      checks.expect(
        blocked.length === sources.length,
        `${blocked.length} of ${sources.length} attacking addresses blocked after the wave`,
        `${blocked.length}/${sources.length} sources blocked`,
      );
      await flaggedByAdmin(context, checks, sources.slice(0, 3) as string[]);
      const other = await refused(context, bystander);
      checks.expect(other.status !== 403 && other.status !== 429, `an uninvolved client was refused too (${status(other)})`);
      return checks.outcome();
    },
  },
];

/** JARVIS shows what its detector blocked on the admin denylist; AI DAWG has no admin API (the 403 is the evidence). */
async function flaggedByAdmin(context: ProbeContext, checks: Checks, addresses: string[]): Promise<void> {
  if (context.target.system !== 'jarvis') return;
  const list = await context.request({ path: '/api/admin/blocked-ips', headers: await context.target.authHeaders('admin') });
  for (const address of addresses) checks.expect(list.text.includes(`"${address}"`), `the admin denylist does not name ${address}: ${list.text.slice(0, 160)}`);
  checks.note('admin denylist names the sources');
}
