import { recordNotRun } from '../metrics/record-metric';

/**
 * Declares a test that cannot run on this machine. It is registered as skipped, with the reason
 * in its title, and the reason is recorded so the report shows its scenarios as "not run"
 * rather than counting them as validated.
 */
export function testNotRun(title: string, reason: string): void {
  recordNotRun(title, reason);
  test.skip(`${title} — not run: ${reason}`, () => undefined);
}

/** Runs `body` as a normal test when `reason` is undefined, else declares it not run. */
export function testUnless(reason: string | undefined, title: string, body: () => Promise<void>, timeoutMs?: number): void {
  if (reason) testNotRun(title, reason);
  else test(title, body, timeoutMs);
}
