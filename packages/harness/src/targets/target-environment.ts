import type { SystemName } from './system-target';

/** The environment variables that point a suite at a deployed system (README: "Testing deployed systems"). */
export const TARGET_ENVIRONMENT: Readonly<Record<SystemName, { url: string; token: string; adminToken: string }>> = {
  jarvis: { url: 'JARVIS_URL', token: 'JARVIS_TOKEN', adminToken: 'JARVIS_ADMIN_TOKEN' },
  'ai-dawg': { url: 'AIDAWG_URL', token: 'AIDAWG_TOKEN', adminToken: 'AIDAWG_ADMIN_TOKEN' },
};

/** The deployed system's URL when one is configured, without a trailing slash. */
export function deployedUrl(system: SystemName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env[TARGET_ENVIRONMENT[system].url]?.trim();
  return raw ? raw.replace(/\/+$/, '') : undefined;
}

/**
 * Why a scenario that needs control over the system (killing a process, a simulated clock)
 * cannot run here, or undefined when the target is the reference system. Known when tests are
 * declared, before any target starts, so it can feed `testUnless`.
 */
export function controlUnavailableReason(system: SystemName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = deployedUrl(system, env);
  return url ? `needs control over the system; target is ${url}` : undefined;
}
