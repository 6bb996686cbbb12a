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

/** One line per event, for CI logs: start and finish of each agent, and each file it completes. */
export function plainProgressView(stream: NodeJS.WritableStream): ProgressView {
  const seen = new Map<string, string>();
  return {
    event(line) {
      stream.write(`${line}\n`);
    },
    render(state) {
      for (const [agent, agentState] of Object.entries(state.agents)) {
        if (agentState.status !== 'running') continue;
        const key = `${agentState.files.done}/${agentState.tests.done}/${agentState.tests.failed}`;
        if (seen.get(agent) === key || agentState.files.done === 0) continue;
        seen.set(agent, key);
        stream.write(`  ${formatAgentRow(agent, agentState)}\n`);
      }
    },
    stop() {},
  };
}
