import { Checks, describe as status, notRun, type Probe, type ProbeContext } from '../probe';
import { jsonOf, type RawResponse } from '../../support/http-client';
import { knock } from './probe-helpers';

const BROKEN_AUTH = 'API2:2023 Broken Authentication';

interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/**
 * A fresh JARVIS session of its own (so revoking it disturbs no other probe). The accounts are
 * the target's; on a deployed JARVIS this needs JARVIS_USERNAME/JARVIS_PASSWORD, which the
 * harness does not carry, so the probes are not run there.
 */
async function freshSession(context: ProbeContext): Promise<TokenPair | undefined> {
  const login = context.target.sessionLogin;
  if (!login) return undefined;
  const response = await context.request({ method: 'POST', path: '/api/auth/login', json: login });
  const body = jsonOf<TokenPair>(response);
  if (response.status !== 200 || !body?.refreshToken) throw new Error(`login for a fresh session failed: ${status(response)}`);
  return body;
}

function refresh(context: ProbeContext, refreshToken: string): Promise<RawResponse> {
  return context.request({ method: 'POST', path: '/api/auth/refresh', json: { refreshToken } });
}

const NO_ACCOUNT = 'needs the password of a JARVIS account to open sessions of its own (reference target only)';

/** Refresh tokens: single use, revoked by logout, never accepted as access tokens (and vice versa). */
export const SESSION_PROBES: Probe[] = [
  {
    id: 'SESSION-01',
    title: 'a refresh token works once: its replay gets 401',
    scenarios: ['SEC-17'],
    owasp: BROKEN_AUTH,
    category: 'session-management',
    expected: 'the first refresh answers a new pair, the replay 401 INVALID_REFRESH_TOKEN',
    systems: ['jarvis'],
    needs: ['account'],
    async run(context) {
      const session = await freshSession(context);
      if (!session) return notRun(NO_ACCOUNT);
      const checks = new Checks();
      const first = await refresh(context, session.refreshToken);
      checks.expect(first.status === 200, `the first refresh answered ${status(first)}`, `first refresh → ${status(first)}`);
      const replay = await refresh(context, session.refreshToken);
      checks.expect(replay.status === 401, `the replayed refresh token answered ${status(replay)}`, `replay → ${status(replay)}`);
      return checks.outcome();
    },
  },
  {
    id: 'SESSION-02',
    title: 'after logout the refresh token and the access token get 401',
    scenarios: ['SEC-17'],
    owasp: BROKEN_AUTH,
    category: 'session-management',
    expected: 'logout answers 2xx; then refresh 401 and the access token 401',
    systems: ['jarvis'],
    needs: ['account'],
    async run(context) {
      const session = await freshSession(context);
      if (!session) return notRun(NO_ACCOUNT);
      const checks = new Checks();
      const logout = await context.request({
        method: 'POST',
        path: '/api/auth/logout',
        headers: { authorization: `Bearer ${session.accessToken}` },
        json: { refreshToken: session.refreshToken },
      });
      checks.expect(logout.status >= 200 && logout.status < 300, `logout answered ${status(logout)}`, `logout → ${status(logout)}`);
      const replay = await refresh(context, session.refreshToken);
      checks.expect(replay.status === 401, `the refresh token still works after logout: ${status(replay)}`, `refresh after logout → ${status(replay)}`);
      const access = await knock(context, `Bearer ${session.accessToken}`);
      checks.expect(access.status === 401, `the access token still works after logout: ${status(access)}`, `access after logout → ${status(access)}`);
      return checks.outcome();
    },
  },
  {
    id: 'SESSION-03',
    title: 'a refresh token is not an access token, and an access token is not a refresh token',
    scenarios: ['SEC-17'],
    owasp: BROKEN_AUTH,
    category: 'session-management',
    expected: '401 both ways',
    systems: ['jarvis'],
    needs: ['account'],
    async run(context) {
      const session = await freshSession(context);
      if (!session) return notRun(NO_ACCOUNT);
      const checks = new Checks();
      const asAccess = await knock(context, `Bearer ${session.refreshToken}`);
      checks.expect(asAccess.status === 401, `a refresh token was accepted as an access token: ${status(asAccess)}`, `refresh as access → ${status(asAccess)}`);
      const asRefresh = await refresh(context, session.accessToken);
      checks.expect(asRefresh.status === 401, `an access token was accepted as a refresh token: ${status(asRefresh)}`, `access as refresh → ${status(asRefresh)}`);
      return checks.outcome();
    },
  },
];
