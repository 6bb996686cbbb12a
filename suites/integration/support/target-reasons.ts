import { controlUnavailableReason } from '@orch/harness';

/**
 * Why a flow cannot run against a deployed AI DAWG (AIDAWG_URL), or undefined on the reference
 * system. Known when tests are declared, so they are recorded "not run" with the reason.
 */
export const NEEDS_CONTROL = controlUnavailableReason('ai-dawg');

/** The flow checks rows and objects behind the API, which only the reference system exposes. */
export const NEEDS_STORAGE = NEEDS_CONTROL?.replace('needs control over the system', "needs the system's database and bucket");
