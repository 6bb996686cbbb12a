import type { SystemName } from '@orch/harness';

export type Access = 'public' | 'user' | 'admin' | 'heartbeat';

export interface RouteSpec {
  method: string;
  /** A concrete path (placeholders filled with harmless values). */
  path: string;
  access: Access;
  /** A schema-valid body, for routes that take one. */
  body?: unknown;
}

const SOME_UUID = '3f1c2b9e-8a4d-4c6e-9b2a-1d5e7f9a0b3c';

/**
 * The documented API of each system (README, ERRORS.md), as a black-box scanner sees it: every
 * probe that sweeps "every route" reads this list, so a route added to a system without being
 * added here is a gap in the scan, not a silent pass.
 */
export const SYSTEM_ROUTES: Readonly<Record<SystemName, readonly RouteSpec[]>> = {
  jarvis: [
    { method: 'GET', path: '/health', access: 'public' },
    { method: 'GET', path: '/metrics', access: 'public' },
    { method: 'POST', path: '/api/auth/login', access: 'public', body: { username: 'nobody', password: 'nothing-here' } },
    { method: 'POST', path: '/api/auth/refresh', access: 'public', body: { refreshToken: 'x' } },
    { method: 'POST', path: '/api/auth/logout', access: 'user', body: {} },
    { method: 'GET', path: '/api/services', access: 'user' },
    { method: 'GET', path: '/api/services/backend', access: 'user' },
    { method: 'GET', path: '/api/alerts', access: 'user' },
    { method: 'GET', path: '/api/dawg/backend/health', access: 'user' },
    { method: 'GET', path: '/api/recovery/actions', access: 'admin' },
    { method: 'POST', path: '/api/recovery/backend/restart', access: 'admin', body: { reason: 'security probe' } },
    { method: 'GET', path: '/api/admin/blocked-ips', access: 'admin' },
    { method: 'POST', path: '/api/admin/blocked-ips', access: 'admin', body: { ip: '192.0.2.77', reason: 'security probe' } },
    { method: 'DELETE', path: '/api/admin/blocked-ips/192.0.2.77', access: 'admin' },
    { method: 'POST', path: '/api/heartbeat', access: 'heartbeat', body: { service: 'backend', status: 'healthy' } },
  ],
  'ai-dawg': [
    { method: 'GET', path: '/health', access: 'public' },
    { method: 'POST', path: '/api/auth/register', access: 'public', body: { email: 'probe@example.test', password: 'probe-password-1' } },
    { method: 'POST', path: '/api/auth/login', access: 'public', body: { email: 'probe@example.test', password: 'probe-password-1' } },
    { method: 'GET', path: `/studio/${SOME_UUID}`, access: 'public' },
    { method: 'GET', path: '/studio-assets/studio.js', access: 'public' },
    { method: 'POST', path: '/api/projects', access: 'user', body: { name: 'probe' } },
    { method: 'GET', path: '/api/projects', access: 'user' },
    { method: 'GET', path: `/api/projects/${SOME_UUID}`, access: 'user' },
    { method: 'PATCH', path: `/api/projects/${SOME_UUID}`, access: 'user', body: { name: 'probe' } },
    { method: 'DELETE', path: `/api/projects/${SOME_UUID}`, access: 'user' },
    { method: 'POST', path: '/api/ai/generate-beat', access: 'user', body: { genre: 'trap', bpm: 90, projectId: SOME_UUID } },
    { method: 'GET', path: '/api/ai/jobs/1', access: 'user' },
    { method: 'GET', path: '/api/session-templates', access: 'public' },
    { method: 'POST', path: `/api/projects/${SOME_UUID}/sessions`, access: 'user', body: { template: 'mixing' } },
    { method: 'GET', path: `/api/projects/${SOME_UUID}/sessions/${SOME_UUID}`, access: 'user' },
    { method: 'POST', path: `/api/projects/${SOME_UUID}/collaborators`, access: 'user', body: { userId: SOME_UUID } },
    { method: 'GET', path: `/api/projects/${SOME_UUID}/conflicts`, access: 'user' },
    { method: 'POST', path: `/api/projects/${SOME_UUID}/conflicts/${SOME_UUID}/resolve`, access: 'user', body: { choice: 0 } },
  ],
};

export function protectedRoutes(system: SystemName): RouteSpec[] {
  return SYSTEM_ROUTES[system].filter((route) => route.access === 'user' || route.access === 'admin');
}

export function adminRoutes(system: SystemName): RouteSpec[] {
  return SYSTEM_ROUTES[system].filter((route) => route.access === 'admin');
}

export { SOME_UUID };
