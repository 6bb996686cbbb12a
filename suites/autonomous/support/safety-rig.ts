import * as path from 'node:path';
import { AuditTrail, KillSwitch, OperationRateLimiter, SafetyGuard, type Clock } from '@orch/jarvis';

export const AUDIT_KEY = 'autonomous-suite-audit-signing-key-0123456789';

/** An audit trail in `directory` and a safety guard over it, as JARVIS wires them. */
export function safetyRig(
  clock: Clock,
  directory: string,
  options: { enabled?: boolean; rateLimit?: number; checkpointEvery?: number } = {},
): { audit: AuditTrail; guard: SafetyGuard; killSwitch: KillSwitch } {
  const audit = new AuditTrail({
    path: path.join(directory, 'audit.log'),
    checkpointPath: path.join(directory, 'checkpoints', 'audit.checkpoints'),
    signingKey: AUDIT_KEY,
    clock,
    checkpointEvery: options.checkpointEvery ?? 50,
  });
  const killSwitch = new KillSwitch(clock, options.enabled ?? true);
  const guard = new SafetyGuard({ clock, audit, killSwitch, rateLimiter: new OperationRateLimiter(clock, options.rateLimit ?? 100, 60_000) });
  return { audit, guard, killSwitch };
}
