import * as fs from 'node:fs';

export interface RetryState {
  attempts: number;
  escalated: boolean;
  lastAttemptAt: number | null;
}

/**
 * Restart attempts per service, persisted to a JSON file (written to a temp file and renamed,
 * so a crash never leaves half a file). A JARVIS restart in the middle of an outage therefore
 * continues the count instead of granting three fresh attempts: no restart storm across
 * JARVIS restarts.
 */
export class RetryLedger {
  private readonly states: Record<string, RetryState>;

  constructor(private readonly path: string) {
    this.states = fs.existsSync(path) ? (JSON.parse(fs.readFileSync(path, 'utf8')) as Record<string, RetryState>) : {};
  }

  get(service: string): RetryState {
    return { ...(this.states[service] ?? { attempts: 0, escalated: false, lastAttemptAt: null }) };
  }

  recordAttempt(service: string, at: number): RetryState {
    const state = this.get(service);
    this.states[service] = { ...state, attempts: state.attempts + 1, lastAttemptAt: at };
    this.save();
    return this.get(service);
  }

  markEscalated(service: string): void {
    this.states[service] = { ...this.get(service), escalated: true };
    this.save();
  }

  /** After a verified recovery the next outage gets the full number of attempts. */
  reset(service: string): boolean {
    const state = this.states[service];
    if (!state || (state.attempts === 0 && !state.escalated)) return false;
    this.states[service] = { attempts: 0, escalated: false, lastAttemptAt: null };
    this.save();
    return true;
  }

  private save(): void {
    const temp = `${this.path}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(this.states));
    fs.renameSync(temp, this.path);
  }
}
