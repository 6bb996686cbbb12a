'use strict';
// Retries in CI only (CI=true): a test that fails once on a loaded shared runner gets another
// chance, and the golden-signals reporter lists one that passed after a retry as flaky with its
// count, never as a clean pass. Locally (and in the diagnosis re-run, ORCH_RETRIES=0) a failure
// is a failure the first time.
const retries = process.env.ORCH_RETRIES !== undefined ? Number(process.env.ORCH_RETRIES) : process.env.CI === 'true' ? 2 : 0;
if (retries > 0 && typeof jest !== 'undefined' && typeof jest.retryTimes === 'function') {
  jest.retryTimes(retries, { logErrorsBeforeRetry: true });
}
