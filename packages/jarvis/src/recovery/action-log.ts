/**
 * Every recovery action and its outcome, in order. Behind an interface so the autonomous layer
 * can keep the same records in its audit store; the in-memory log is append-only (no update,
 * no delete, records frozen).
 */
export type RecoveryActionKind = 'restart' | 'scale' | 'block-ip' | 'escalate';

export interface ActionRecord {
  readonly sequence: number;
  readonly at: number;
  readonly service: string;
  readonly action: RecoveryActionKind;
  readonly phase: 'started' | 'succeeded' | 'failed';
  readonly attempt: number;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface ActionLog {
  append(entry: Omit<ActionRecord, 'sequence'>): ActionRecord;
  list(filter?: { service?: string; action?: RecoveryActionKind }): readonly ActionRecord[];
}

export class InMemoryActionLog implements ActionLog {
  private readonly records: ActionRecord[] = [];

  append(entry: Omit<ActionRecord, 'sequence'>): ActionRecord {
    const record: ActionRecord = Object.freeze({ ...entry, detail: Object.freeze({ ...entry.detail }), sequence: this.records.length + 1 });
    this.records.push(record);
    return record;
  }

  list(filter: { service?: string; action?: RecoveryActionKind } = {}): readonly ActionRecord[] {
    return Object.freeze(this.records.filter((record) => (!filter.service || record.service === filter.service) && (!filter.action || record.action === filter.action)));
  }
}
