import type { AgentState, SharedState } from '../coordination/shared-state';
import { formatDuration } from '../run/run-agent';

export interface ProgressView {
  /** A state change worth a line in CI output (start, finish). */
  event(line: string): void;
  /** Called on every progress change and every second; a TTY view redraws, a plain view ignores it. */
  render(state: Readonly<SharedState>): void;
  stop(state: Readonly<SharedState>): void;
}

const STATUS_MARK: Record<AgentState['status'], string> = {
  pending: '·',
  running: '▶',
  passed: '✔',
  failed: '✘',
  crashed: '☠',
  'no-tests': '∅',
};

export function formatAgentRow(agent: string, state: AgentState, now = Date.now()): string {
  const elapsed = state.startedAt ? formatDuration((state.finishedAt ? Date.parse(state.finishedAt) : now) - Date.parse(state.startedAt)) : '';
  const files = state.files.total !== undefined ? `${state.files.done}/${state.files.total} files` : state.status === 'running' ? 'starting' : '';
  const tests = `${state.tests.done}${state.tests.total !== undefined ? `/${state.tests.total}` : ''} tests`;
  const failed = state.tests.failed > 0 ? `${state.tests.failed} failed` : '';
  const label = state.status === 'no-tests' ? 'no tests yet' : state.status;
  const reason = state.status === 'crashed' && state.reason ? state.reason : '';
  return [`${STATUS_MARK[state.status]} ${agent.padEnd(12)}`, label.padEnd(12), files.padEnd(12), tests.padEnd(12), failed.padEnd(10), elapsed.padStart(7), reason]
    .join(' ')
    .trimEnd();
}

/**
 * A compact table redrawn in place every second (ANSI: cursor up, clear line). Lines other code
 * prints go through `event`, which clears the table, prints the line and redraws below it.
 */
export function ttyProgressView(stream: NodeJS.WriteStream): ProgressView {
  let drawn = 0;
  let last: Readonly<SharedState> | undefined;
  const clear = (): void => {
    if (drawn > 0) stream.write(`\x1b[${drawn}A\x1b[0J`);
    drawn = 0;
  };
  const draw = (state: Readonly<SharedState>): void => {
    const rows = Object.entries(state.agents).map(([agent, agentState]) => formatAgentRow(agent, agentState));
    stream.write(`${rows.join('\n')}\n`);
    drawn = rows.length;
  };
  const timer = setInterval(() => {
    if (last) {
      clear();
      draw(last);
    }
  }, 1000);
  timer.unref();
  return {
    event(line) {
      clear();
      stream.write(`${line}\n`);
      if (last) draw(last);
    },
    render(state) {
      last = state;
    },
    stop(state) {
      clearInterval(timer);
      clear();
      draw(state);
    },
  };
}

export interface PlainViewOptions {
  /** The longest silence before a heartbeat line while agents run (default 5 s). */
  heartbeatMs?: number;
}

function heartbeatLine(state: Readonly<SharedState>, now: number): string | undefined {
  const running = Object.entries(state.agents).filter(([, agent]) => agent.status === 'running');
  if (running.length === 0) return undefined;
  const parts = running.map(([name, agent]) => {
    const files = agent.files.total !== undefined ? `${agent.files.done}/${agent.files.total} files, ` : '';
    const elapsed = agent.startedAt ? `, ${formatDuration(now - Date.parse(agent.startedAt))}` : '';
    return `${name} ${files}${agent.tests.done} tests${agent.tests.failed > 0 ? ` (${agent.tests.failed} failed)` : ''}${elapsed}`;
  });
  const done = Object.values(state.agents).filter((agent) => agent.status !== 'running' && agent.status !== 'pending').length;
  return `… ${parts.join(' · ')} — ${done}/${Object.keys(state.agents).length} agents done`;
}

/**
 * For CI logs: a line per agent state change (started, passed, failed, crashed) through `event`,
 * and while agents run a heartbeat line after at most `heartbeatMs` of silence — never a line per
 * progress event, which made hundreds of lines per run.
 */
export function plainProgressView(stream: NodeJS.WritableStream, options: PlainViewOptions = {}): ProgressView {
  const heartbeatMs = options.heartbeatMs ?? 5000;
  let last: Readonly<SharedState> | undefined;
  let lastLineAt = Date.now();
  const write = (line: string): void => {
    stream.write(`${line}\n`);
    lastLineAt = Date.now();
  };
  const timer = setInterval(
    () => {
      if (!last || Date.now() - lastLineAt < heartbeatMs) return;
      const line = heartbeatLine(last, Date.now());
      if (line) write(line);
    },
    Math.max(50, Math.min(1000, heartbeatMs / 2)),
  );
  timer.unref();
  return {
    event(line) {
      write(line);
    },
    render(state) {
      last = state;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
