import { Checks, describe as status, notRun, type Probe } from '../probe';

const SSRF = 'API7:2023 Server Side Request Forgery';

export const SSRF_PROBES: Probe[] = [
  {
    id: 'SSRF-01',
    title: 'the JARVIS proxy cannot be pointed at an address the caller chooses',
    scenarios: ['SEC-17'],
    owasp: SSRF,
    category: 'ssrf',
    expected: '4xx for URLs, hosts and authority tricks in the service and path; the internal canary receives nothing',
    systems: ['jarvis'],
    needs: ['canary'],
    async run(context) {
      const internal = context.target.canaries?.internal;
      if (!internal) return notRun('needs an internal canary server this suite starts beside a reference JARVIS');
      const checks = new Checks();
      const auth = await context.target.authHeaders('user');
      const host = new URL(internal.url).host;
      const before = internal.requests().length;
      const paths = [
        `/api/dawg/${encodeURIComponent(`http://${host}`)}/x`,
        `/api/dawg/${host}/x`,
        `/api/dawg/backend/${encodeURIComponent(`//${host}`)}/x`,
        `/api/dawg/backend//${host}/x`,
        `/api/dawg/backend/@${host}/x`,
        `/api/dawg/backend/..%2f..%2f${host}/x`,
        `/api/dawg/backend/x?url=http://${host}/`,
        `/api/dawg/169.254.169.254/latest/meta-data/`,
      ];
      for (const path of paths) {
        const response = await context.request({ path, headers: auth });
        checks.note(`${path.slice(0, 50)} → ${status(response)}`);
      }
      const reached = internal.requests().slice(before);
      checks.expect(reached.length === 0, `the internal canary was reached: ${reached.map((request) => `${request.method} ${request.url}`).join(', ')}`);
      return checks.outcome();
    },
  },
  {
    id: 'SSRF-02',
    title: 'URL fields (webhooks, imports, avatars, coach URL) are refused or never fetched by the server',
    scenarios: ['SEC-17'],
    owasp: SSRF,
    category: 'ssrf',
    expected: 'no 5xx for URL fields in any body or query, and the internal canary (the URL given) receives nothing',
    systems: ['jarvis', 'ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const internalUrl = context.target.canaries?.internal?.url ?? 'http://169.254.169.254';
      const before = context.target.canaries?.internal?.requests().length ?? 0;
      const user = await context.target.authHeaders('user');
      const admin = context.target.system === 'jarvis' ? await context.target.authHeaders('admin') : user;
      const attempts =
        context.target.system === 'jarvis'
          ? [
              { method: 'POST', path: '/api/admin/webhooks', headers: admin, json: { url: `${internalUrl}/hook` } },
              { method: 'POST', path: '/api/services', headers: admin, json: { name: 'evil', healthUrl: `${internalUrl}/health` } },
              { method: 'POST', path: '/api/heartbeat', headers: user, json: { service: 'backend', status: 'healthy', callbackUrl: `${internalUrl}/cb` } },
            ]
          : [
              { method: 'POST', path: '/api/projects', headers: user, json: { name: 'import', importUrl: `${internalUrl}/song.wav` } },
              { method: 'POST', path: '/api/projects/import', headers: user, json: { url: `${internalUrl}/song.wav` } },
              { method: 'POST', path: '/api/auth/register', headers: {}, json: { email: 'ssrf@example.test', password: 'long-enough-1', avatarUrl: `${internalUrl}/a.png` } },
              { method: 'GET', path: `/studio/3f1c2b9e-8a4d-4c6e-9b2a-1d5e7f9a0b3c?coach=${encodeURIComponent(`${internalUrl}/`)}`, headers: {} },
            ];
      for (const attempt of attempts) {
        const response = await context.request(attempt);
        // Accepting an unknown field is mass assignment's business; SSRF is the server fetching the URL.
        checks.expect(
          response.status < 500,
          `${attempt.method} ${attempt.path} with a URL field answered ${status(response)}`,
          `${attempt.path.slice(0, 40)} → ${status(response)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      const reached = context.target.canaries?.internal?.requests().slice(before) ?? [];
      checks.expect(reached.length === 0, `the internal canary was reached: ${reached.map((request) => request.url).join(', ')}`);
      return checks.outcome();
    },
  },
];
