import { expectMetric } from '@orch/harness';
import { createLogger } from '@orch/jarvis';
import { FakeService } from '../support/fake-service';
import { JarvisDriver } from '../support/jarvis-driver';
import { LogCapture } from '../support/log-capture';

/**
 * Secrets sent to the gateway in every way a client can send them — password in a login body,
 * bearer and refresh tokens, API-key headers, secret query parameters, heartbeat keys, upstream
 * credentials — and secrets a developer logs by mistake, never reach the log; `***` does.
 */
describe('Secrets in logs', () => {
  const SECRETS = {
    password: 'Sup3r-Secret-Password!',
    wrongPassword: 'Wr0ng-But-Still-Secret',
    apiKey: 'sk_live_51HxAbCdEfGhIjKlMn',
    queryKey: 'qs-api-key-0a1b2c3d',
    queryToken: 'qs-token-9z8y7x6w',
    heartbeatKey: 'heartbeat-key-5f4e3d2c1b',
    upstream: 'Bearer upstream-credential-77aa88bb',
    loggedByMistake: 'oops-logged-secret-4242',
  };

  test('never writes passwords, tokens, API keys or authorization headers to the log', async () => {
    const backend = await FakeService.start('backend');
    const capture = new LogCapture();
    const jarvis = await JarvisDriver.start({
      services: [{ name: 'backend', healthUrl: backend.healthUrl }],
      users: [{ username: 'carol', password: SECRETS.password, role: 'admin' }],
      heartbeatKey: SECRETS.heartbeatKey,
      logger: createLogger({ level: 'info', stream: capture }),
    });
    try {
      const inject = jarvis.app.inject.bind(jarvis.app);
      const login = await inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'carol', password: SECRETS.password } });
      const { accessToken, refreshToken } = login.json() as { accessToken: string; refreshToken: string };
      await inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'carol', password: SECRETS.wrongPassword } });
      const auth = { authorization: `Bearer ${accessToken}` };
      await inject({ method: 'GET', url: '/api/services', headers: { ...auth, 'x-api-key': SECRETS.apiKey, cookie: `session=${SECRETS.apiKey}` } });
      await inject({
        method: 'GET',
        url: `/api/dawg/backend/api/projects?api_key=${SECRETS.queryKey}&token=${SECRETS.queryToken}`,
        headers: { ...auth, 'x-upstream-authorization': SECRETS.upstream },
      });
      await inject({ method: 'POST', url: '/api/heartbeat', headers: { 'x-heartbeat-key': SECRETS.heartbeatKey }, payload: { service: 'backend', status: 'ok' } });
      const refreshed = await inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });
      expect(refreshed.statusCode).toBe(200);
      await inject({ method: 'GET', url: '/api/alerts', headers: { authorization: `Bearer ${accessToken}x` } });
      jarvis.app.log.info(
        { user: { password: SECRETS.loggedByMistake, apiKey: SECRETS.loggedByMistake }, token: SECRETS.loggedByMistake },
        'developer logs an object with secrets',
      );
      jarvis.app.log.error({ err: new Error('upstream failed'), config: { jwtSecret: SECRETS.loggedByMistake } }, 'developer logs config');

      const text = capture.text();
      expect(capture.lines().length).toBeGreaterThan(10);
      const all = [...Object.values(SECRETS), accessToken, refreshToken, SECRETS.upstream.split(' ')[1]!];
      const leaked = all.filter((secret) => text.includes(secret));
      expectMetric({
        name: 'secrets found in the gateway log',
        value: leaked.length,
        unit: 'secrets',
        threshold: 'count==0',
        target: 'API keys in logs → Redacted with ***',
        details: { logLines: capture.lines().length, secretsTried: all.length },
      });
      expect(leaked).toEqual([]);
      expect(text).toContain('"authorization":"***"');
      expect(text).toContain('"x-api-key":"***"');
      expect(text).toContain('api_key=***');
      expect(text).toContain('"password":"***"');
    } finally {
      await jarvis.close();
      await backend.stop();
    }
  });
});
