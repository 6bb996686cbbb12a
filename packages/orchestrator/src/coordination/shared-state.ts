import { writeJsonAtomic } from './write-json-atomic';

export type AgentStatus = 'pending' | 'running' | 'passed' | 'failed' | 'crashed' | 'no-tests';
export type RunPhase = 'planning' | 'services' | 'running' | 'diagnosing' | 'aggregating' | 'reporting' | 'done';

export interface AgentState {
  status: AgentStatus;
  pid?: number;
  tests: { done: number; total?: number; failed: number };
  files: { done: number; total?: number };
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number | null;
  signal?: string | null;
  /** Why a crashed agent is crashed (signal, timeout, no results). */
  reason?: string;
}

export interface SharedState {
  startedAt: string;
  phase: RunPhase;
  updatedAt: string;
  agents: Record<string, AgentState>;
  error?: string;
}

/**
 * The seed's `coordination/shared-state.json`: one file any observer can read to see where
 * every agent is. Every change rewrites it atomically; writes are coalesced per tick because
 * progress events from seven agents can arrive hundreds of times a second.
 */
export class SharedStateWriter {
  private readonly state: SharedState;
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly file: string,
    agents: readonly string[],
    private readonly now: () => Date = () => new Date(),
  ) {
    const startedAt = this.now().toISOString();
    this.state = {
      startedAt,
      phase: 'planning',
      updatedAt: startedAt,
      agents: Object.fromEntries(agents.map((agent) => [agent, { status: 'pending', tests: { done: 0, failed: 0 }, files: { done: 0 } } satisfies AgentState])),
    };
    this.flush();
  }

  get snapshot(): Readonly<SharedState> {
    return this.state;
  }

  setPhase(phase: RunPhase): void {
    this.state.phase = phase;
    this.flush();
  }

  setError(message: string): void {
    this.state.error = message;
    this.flush();
  }

  /** Merges fields into one agent's state. Progress updates pass `immediate: false` to coalesce writes. */
  updateAgent(agent: string, update: Partial<AgentState>, immediate = true): void {
    const current = this.state.agents[agent] ?? { status: 'pending', tests: { done: 0, failed: 0 }, files: { done: 0 } };
    this.state.agents[agent] = { ...current, ...update };
    if (immediate) this.flush();
    else this.scheduleFlush();
  }

  flush(): void {
    if (this.closed) return;
    this.state.updatedAt = this.now().toISOString();
    writeJsonAtomic(this.file, this.state);
  }

  /** Writes the final state; later updates (a late progress event) no longer touch the file. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private scheduleFlush(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}
