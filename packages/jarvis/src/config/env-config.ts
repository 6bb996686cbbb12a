import type { BuildAppOptions } from '../gateway/build-app';
import type { UserAccount } from '../gateway/token-service';
import type { MonitoredService } from '../health/monitored-service';
import type { AutonomyOptions } from '../jarvis/autonomy-runtime';

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function number(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

/** A comma-separated list, blanks dropped. */
function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function json<T>(env: NodeJS.ProcessEnv, name: string, fallback: T): T {
  const raw = env[name];
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new ConfigError(`${name} is not valid JSON`);
  }
}

/**
 * Reads the gateway's configuration from the environment: JARVIS_SERVICES (JSON list of
 * `{ name, healthUrl, baseUrl?, altHealthUrls?, process? }`), JWT_SECRET, REDIS_URL,
 * JARVIS_USERS (JSON `[{ username, password, role }]`), JARVIS_WEBHOOK_URLS (comma-separated),
 * JARVIS_POLL_INTERVAL_MS, JARVIS_PROBE_TIMEOUT_MS, JARVIS_HEARTBEAT_KEY, RATE_LIMIT_MAX, LOG_LEVEL,
 * and the control loop's JARVIS_AUTONOMY_LOOP, JARVIS_LOOP_INTERVAL_MS, JARVIS_LOG_FILES, JARVIS_LEARNING_DB.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): BuildAppOptions & { port: number; host: string } {
  const jwtSecret = env.JWT_SECRET;
  if (!jwtSecret || jwtSecret.length < 32) throw new ConfigError('JWT_SECRET must be set to at least 32 characters');
  const services = json<MonitoredService[]>(env, 'JARVIS_SERVICES', []);
  if (!Array.isArray(services)) throw new ConfigError('JARVIS_SERVICES must be a JSON array');
  const users = json<UserAccount[]>(env, 'JARVIS_USERS', []);
  const rateLimitMax = number(env, 'RATE_LIMIT_MAX');
  return {
    port: number(env, 'PORT') ?? 4000,
    host: env.HOST ?? '0.0.0.0',
    jwtSecret,
    users,
    services,
    pollIntervalMs: number(env, 'JARVIS_POLL_INTERVAL_MS'),
    probeTimeoutMs: number(env, 'JARVIS_PROBE_TIMEOUT_MS'),
    heartbeatKey: env.JARVIS_HEARTBEAT_KEY || undefined,
    webhookUrls: list(env, 'JARVIS_WEBHOOK_URLS'),
    startManagedProcesses: env.JARVIS_START_PROCESSES === 'true',
    rateLimit: env.RATE_LIMIT_DISABLED === 'true' ? false : { max: rateLimitMax, redis: env.REDIS_URL || undefined, keyPrefix: env.RATE_LIMIT_PREFIX || undefined },
    recovery: { enabled: () => process.env.JARVIS_AUTONOMOUS !== 'false' },
    autonomy: autonomyFromEnv(env),
    logger: { level: env.LOG_LEVEL ?? 'info' },
  };
}

/** JARVIS_AUTONOMY_LOOP=true runs the control loop; JARVIS_LOOP_INTERVAL_MS, JARVIS_LOG_FILES (comma-separated), JARVIS_LEARNING_DB tune it. */
function autonomyFromEnv(env: NodeJS.ProcessEnv): AutonomyOptions | undefined {
  if (env.JARVIS_AUTONOMY_LOOP !== 'true') return undefined;
  return {
    intervalMs: number(env, 'JARVIS_LOOP_INTERVAL_MS'),
    logFiles: list(env, 'JARVIS_LOG_FILES'),
    learningStorePath: env.JARVIS_LEARNING_DB || undefined,
  };
}
