import type { ServiceVersion } from './local-service';

/** A JARVIS user the traffic generators log in as (scrypt-hashed by JARVIS, so logins cost real CPU). */
export const OPERATOR = { username: 'operator', password: 'cloud-agent-operator-password', role: 'user' } as const;

const JWT_SECRET = 'cloud-agent-local-jwt-secret-0123456789abcdef';

export interface MonitoredDawgService {
  name: string;
  baseUrl: string;
}

/** JARVIS (packages/jarvis/src/main.ts), optionally in front of AI DAWG services. */
export function jarvisVersion(version: string, services: MonitoredDawgService[] = [], extra: Record<string, string> = {}): ServiceVersion {
  return {
    version,
    entry: 'packages/jarvis/src/main.ts',
    healthPath: '/health',
    environment: {
      JWT_SECRET,
      JARVIS_USERS: JSON.stringify([OPERATOR]),
      JARVIS_SERVICES: JSON.stringify(services.map((service) => ({ name: service.name, baseUrl: service.baseUrl, healthUrl: `${service.baseUrl}/health` }))),
      JARVIS_AUTONOMOUS: 'false',
      RATE_LIMIT_DISABLED: 'true',
      ...extra,
    },
  };
}

/**
 * A JARVIS build that cannot pass its health check: its configuration is rejected at start
 * (a JWT secret too short), as a bad release with a broken secret would be.
 */
export function brokenJarvisVersion(version: string): ServiceVersion {
  const healthy = jarvisVersion(version);
  return { ...healthy, environment: { ...healthy.environment, JWT_SECRET: 'too-short' } };
}

/** AI DAWG's vocal coach (packages/ai-dawg/src/vocal-coach/main.ts, seed port 8000). */
export function vocalCoachVersion(version: string): ServiceVersion {
  return { version, entry: 'packages/ai-dawg/src/vocal-coach/main.ts', healthPath: '/health' };
}

/** AI DAWG's producer (packages/ai-dawg/src/producer/main.ts, seed port 8001) on the run's Postgres, Redis and S3. */
export function producerVersion(version: string, environment: Record<string, string>): ServiceVersion {
  return { version, entry: 'packages/ai-dawg/src/producer/main.ts', healthPath: '/health', environment };
}
