/** How a failed test failed, decided from its original failure and its re-run alone. */
export type FailureClass = 'flaky' | 'deterministic' | 'environment' | 'timeout';

export interface FailureClassification {
  class: FailureClass;
  /** The unavailable service, for `environment`. */
  service?: string;
  why: string;
}

/** Connection errors, with the service each one names (by client message or well-known port). */
const SERVICE_SIGNS: Array<{ service: string; pattern: RegExp }> = [
  { service: 'postgres', pattern: /postgres|\bpg\b|:5432\b|database .* does not exist|too many clients|terminating connection/i },
  { service: 'redis', pattern: /redis|ioredis|:6379\b|MaxRetriesPerRequest/i },
  { service: 's3', pattern: /\bs3\b|s3rver|NoSuchBucket|minio|:9000\b/i },
];
const UNAVAILABLE =
  /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|ETIMEDOUT|connect(ion)? (refused|timed out|terminated)|service unavailable|Connection is closed|socket hang up/i;
const TIMEOUT = /Exceeded timeout of \d+ ?ms|timed out after|thrown: "Exceeded timeout/i;

/**
 * A test that passes when re-run alone is flaky; one that failed on a dead connection is an
 * environment failure (the service named when the message says which); one that ran out of time
 * is a timeout; anything else that fails again the same way is deterministic.
 */
export function classifyFailure(original: string, rerun: { passed: boolean; message: string } | undefined, testName = ''): FailureClassification {
  if (rerun?.passed) return { class: 'flaky', why: 'failed in the run, passed when re-run alone' };
  const text = `${original}\n${rerun?.message ?? ''}`;
  if (UNAVAILABLE.test(text)) {
    // The message names the service when the client says so; else the test's title often does.
    const service = SERVICE_SIGNS.find((sign) => sign.pattern.test(text))?.service ?? SERVICE_SIGNS.find((sign) => sign.pattern.test(testName))?.service;
    const match = UNAVAILABLE.exec(text)![0];
    return { class: 'environment', ...(service ? { service } : {}), why: `${service ?? 'a service'} unavailable (${match})` };
  }
  if (TIMEOUT.test(text)) return { class: 'timeout', why: `ran out of time (${TIMEOUT.exec(text)![0]})` };
  if (!rerun) return { class: 'deterministic', why: 'not re-run; failed with an assertion or error' };
  return { class: 'deterministic', why: 'failed again when re-run alone' };
}
