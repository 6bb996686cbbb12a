import type { ActionLog, ActionRecord, RecoveryActionKind } from '../recovery/action-log';
import type { AuditTrail } from './audit-trail';

/**
 * The recovery manager's action log, with every record also appended to the tamper-evident
 * audit trail, so reactive recovery (restarts, scaling, IP blocks, escalations) lands in the same
 * immutable history as the autonomous operations.
 */
export class AuditedActionLog implements ActionLog {
  constructor(
    private readonly inner: ActionLog,
    private readonly audit: AuditTrail,
  ) {}

  append(entry: Omit<ActionRecord, 'sequence'>): ActionRecord {
    const record = this.inner.append(entry);
    this.audit.append({
      actor: 'recovery-manager',
      operation: record.action,
      target: record.service,
      outcome: record.phase,
      detail: { attempt: record.attempt, sequence: record.sequence, ...record.detail },
    });
    return record;
  }

  list(filter?: { service?: string; action?: RecoveryActionKind }): readonly ActionRecord[] {
    return this.inner.list(filter);
  }
}
