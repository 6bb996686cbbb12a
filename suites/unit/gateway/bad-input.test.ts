import { expectMetric } from '@orch/harness';
import { ERROR_CODES, type RouteInfo } from '@orch/jarvis';
import { FakeService } from '../support/fake-service';
import { JarvisDriver } from '../support/jarvis-driver';

interface Attempt {
  route: string;
  what: string;
  status: number;
  code: string | undefined;
  body: string;
}

/**
 * Every route of the gateway's route table gets bad input — unknown query parameters, bodies
 * that break the schema, malformed JSON, the wrong content type, invalid path parameters, no
 * token — and must answer 4xx with a registered code: never a 500, never a stack trace.
 */
describe('Gateway bad input', () => {
  let backend: FakeService;
  let jarvis: JarvisDriver;

  beforeAll(async () => {
    backend = await FakeService.start('backend');
    jarvis = await JarvisDriver.start({ services: [{ name: 'backend', healthUrl: backend.healthUrl }], heartbeatKey: 'heartbeat-key-for-tests' });
  });
  afterAll(async () => {
    await jarvis.close();
    await backend.stop();
  });

  function concrete(url: string, params: Record<string, string> = {}): string {
    return url.replace(/:([A-Za-z]+)/g, (_match, name: string) => params[name] ?? (name === 'ip' ? '10.0.0.1' : 'backend')).replace('*', 'api/projects');
  }

  test('answers 4xx with a registered error code, never a 500, for bad input to every route', async () => {
    const routes: RouteInfo[] = jarvis.jarvis.routes;
    expect(routes.length).toBeGreaterThanOrEqual(12);
    const admin = { authorization: `Bearer ${await jarvis.token('ada')}` };
    const attempts: Attempt[] = [];
    const send = async (route: RouteInfo, what: string, request: { url: string; headers?: Record<string, string>; payload?: string | object }): Promise<void> => {
      const response = await jarvis.app.inject({ method: route.method as 'GET', url: request.url, headers: request.headers, payload: request.payload });
      let code: string | undefined;
      try {
        code = (response.json() as { error?: { code?: string } }).error?.code;
      } catch {
        code = undefined;
      }
      attempts.push({ route: `${route.method} ${route.url}`, what, status: response.statusCode, code, body: response.body });
    };

    for (const route of routes) {
      const url = concrete(route.url);
      if (!route.url.includes('*')) await send(route, 'unknown query parameter', { url: `${url}?__bogus=1`, headers: admin });
      if (route.auth !== 'public') await send(route, 'no token', { url, headers: {} });
      if (route.auth !== 'public') await send(route, 'garbage token', { url, headers: { authorization: 'Bearer not.a.jwt' } });
      if (route.schema.params) {
        for (const bad of ['BAD NAME!', '..', 'x'.repeat(300)]) {
          const param: Record<string, string> = route.url.includes(':ip') ? { ip: encodeURIComponent(bad) } : { service: encodeURIComponent(bad), name: encodeURIComponent(bad) };
          await send(route, `invalid path parameter ${bad.slice(0, 12)}`, { url: concrete(route.url, param), headers: admin });
        }
      }
      if (route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH') {
        if (route.schema.body) {
          await send(route, 'body breaking the schema', {
            url,
            headers: { ...admin, 'content-type': 'application/json' },
            payload: JSON.stringify({ __bogus: { nested: [1, 2, 3] } }),
          });
          await send(route, 'body of the wrong type', { url, headers: { ...admin, 'content-type': 'application/json' }, payload: '[1,2,3]' });
          await send(route, 'malformed JSON', { url, headers: { ...admin, 'content-type': 'application/json' }, payload: '{"username": "ada", ' });
          await send(route, 'text instead of JSON', { url, headers: { ...admin, 'content-type': 'text/plain' }, payload: 'hello' });
          await send(route, 'unsupported content type', { url, headers: { ...admin, 'content-type': 'application/xml' }, payload: '<a/>' });
          await send(route, 'empty JSON body', { url, headers: { ...admin, 'content-type': 'application/json' }, payload: '' });
        }
      }
    }
    // The proxy route: unknown service, path traversal.
    await send({ method: 'GET', url: '/api/dawg/:service/*', auth: 'user', schema: {} }, 'unknown service', { url: '/api/dawg/nope/api/projects', headers: admin });
    await send({ method: 'GET', url: '/api/dawg/:service/*', auth: 'user', schema: {} }, 'path traversal', { url: '/api/dawg/backend/../../etc/passwd', headers: admin });
    await send({ method: 'GET', url: '/api/dawg/:service/*', auth: 'user', schema: {} }, 'encoded path traversal', {
      url: '/api/dawg/backend/%2e%2e/%2e%2e/etc/passwd',
      headers: admin,
    });
    await send({ method: 'GET', url: '/nowhere', auth: 'public', schema: {} }, 'unknown route', { url: '/nowhere' });

    const serverErrors = attempts.filter((attempt) => attempt.status >= 500);
    const unregistered = attempts.filter((attempt) => attempt.status < 500 && !(attempt.code && attempt.code in ERROR_CODES));
    const accepted = attempts.filter((attempt) => attempt.status < 400);
    const leaks = attempts.filter((attempt) => /\n\s+at |stack/i.test(attempt.body));
    expect({ serverErrors, unregistered, accepted, leaks }).toEqual({ serverErrors: [], unregistered: [], accepted: [], leaks: [] });
    expectMetric({
      name: 'bad-input requests answered 5xx',
      value: serverErrors.length,
      unit: 'requests',
      threshold: 'count==0',
      target: 'Bad input → 4xx with a reason, never a 500',
      details: { attempts: attempts.length, routes: routes.length },
    });
    expect(attempts.length).toBeGreaterThan(60);
    const codes = new Set(attempts.map((attempt) => attempt.code));
    for (const code of ['VALIDATION_FAILED', 'INVALID_JSON', 'UNAUTHORIZED', 'UNSUPPORTED_MEDIA_TYPE', 'UNKNOWN_SERVICE', 'ROUTE_NOT_FOUND']) expect(codes).toContain(code);
  });
});
