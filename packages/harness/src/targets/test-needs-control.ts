import { testUnless } from '../jest/not-run';
import type { SystemName } from './system-target';
import { controlUnavailableReason } from './target-environment';

/**
 * A test that kills the system's processes or drives its clock: it runs against the reference
 * system and is recorded not run, with the reason, when the target is a deployed URL.
 */
export function testNeedsControl(system: SystemName, title: string, body: () => Promise<void>, timeoutMs?: number): void {
  testUnless(controlUnavailableReason(system), title, body, timeoutMs);
}
