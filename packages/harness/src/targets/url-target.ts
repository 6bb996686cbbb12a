import { bearer, registerAiDawgUser } from './register-ai-dawg-user';
import { TARGET_ENVIRONMENT } from './target-environment';
import { TargetConfigurationError, type SystemName, type SystemTarget, type TargetRole } from './system-target';

/** Other services of a deployed AI DAWG, when the environment names them. */
const AI_DAWG_SERVICE_URLS: Readonly<Record<string, string>> = { producer: 'AIDAWG_PRODUCER_URL', vocalCoach: 'AIDAWG_VOCAL_COACH_URL' };

/**
 * A deployed system reached by URL with the token from the environment. Nothing is started or
 * stopped; the suite has no control over it (`controllable: false`).
 */
export function urlTarget(system: SystemName, baseUrl: string, env: NodeJS.ProcessEnv = process.env): SystemTarget {
  const names = TARGET_ENVIRONMENT[system];
  const token = env[names.token]?.trim();
  const adminToken = env[names.adminToken]?.trim() || token;
  const urls: Record<string, string> = { [system === 'jarvis' ? 'gateway' : 'backend']: baseUrl };
  if (system === 'ai-dawg') {
    for (const [service, variable] of Object.entries(AI_DAWG_SERVICE_URLS)) {
      const value = env[variable]?.trim();
      if (value) urls[service] = value.replace(/\/+$/, '');
    }
  }
  const authHeaders = async (role: TargetRole = 'user'): Promise<Record<string, string>> => {
    const chosen = role === 'admin' ? adminToken : token;
    if (!chosen) throw new TargetConfigurationError(`${names.token} must be set to authenticate against ${baseUrl}`);
    return bearer(chosen);
  };
  const nothing = async (): Promise<void> => undefined;
  return {
    system,
    kind: 'url',
    baseUrl,
    urls,
    controllable: false,
    authHeaders,
    createUser: (label) =>
      system === 'ai-dawg'
        ? registerAiDawgUser(baseUrl, label)
        : Promise.reject(new TargetConfigurationError('JARVIS users are configured on the deployment, not registered through the API')),
    output: () => '',
    stop: nothing,
    [Symbol.asyncDispose]: nothing,
  };
}
