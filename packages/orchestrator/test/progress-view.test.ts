import { PassThrough } from 'node:stream';
import { formatAgentRow, plainProgressView, ttyProgressView, type SharedState } from '../src';

function state(agents: SharedState['agents']): SharedState {
  return { startedAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z', phase: 'running', agents };
}

describe('progress view', () => {
  const running = { status: 'running' as const, pid: 7, startedAt: '2026-11-25T10:00:00.000Z', tests: { done: 12, failed: 1 }, files: { done: 3, total: 8 } };

  it('shows files, tests, failures and elapsed time in one row', () => {
    expect(formatAgentRow('integration', running, Date.parse('2026-11-25T10:01:05.000Z'))).toBe('▶ integration  running      3/8 files    12 tests     1 failed     1m05s');
    expect(
      formatAgentRow('cloud', {
        status: 'no-tests',
        tests: { done: 0, total: 0, failed: 0 },
        files: { done: 0, total: 0 },
        startedAt: '2026-11-25T10:00:00.000Z',
        finishedAt: '2026-11-25T10:00:02.000Z',
      }),
    ).toBe('∅ cloud        no tests yet 0/0 files    0/0 tests                    2s');
  });

  it('redraws the table in place on a TTY, clearing the rows it drew before', () => {
    const stream = new PassThrough();
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const view = ttyProgressView(stream as unknown as NodeJS.WriteStream);
    view.render(state({ unit: running, cloud: { status: 'pending', tests: { done: 0, failed: 0 }, files: { done: 0 } } }));
    view.event('▶ unit started (pid 7)');
    view.event('▶ cloud started (pid 8)');
    view.stop(
      state({ unit: { ...running, status: 'passed', finishedAt: '2026-11-25T10:00:09.000Z' }, cloud: { status: 'pending', tests: { done: 0, failed: 0 }, files: { done: 0 } } }),
    );
    // Each event erases the two table rows (cursor up 2, clear to end) before printing above them.
    expect(written.split('\x1b[2A\x1b[0J')).toHaveLength(3);
    expect(written.endsWith('✔ unit         passed       3/8 files    12 tests     1 failed        9s\n· cloud        pending                   0 tests\n')).toBe(true);
  });

  it('off a TTY prints state changes and at most one heartbeat per interval, never a line per progress event', () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-25T10:00:30.000Z') });
    try {
      const stream = new PassThrough();
      let written = '';
      stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
      const view = plainProgressView(stream, { heartbeatMs: 5000 });
      view.event('▶ unit started (pid 7)');
      // A hundred progress events in 12 s: two heartbeats (at 5 s and 10 s of silence), no more.
      for (let step = 0; step < 100; step += 1) {
        view.render(state({ unit: { ...running, tests: { done: step, failed: 0 } } }));
        jest.advanceTimersByTime(120);
      }
      view.event('✔ unit passed');
      view.stop(state({ unit: { ...running, status: 'passed' } }));
      const lines = written.trim().split('\n');
      expect(lines[0]).toBe('▶ unit started (pid 7)');
      expect(lines.at(-1)).toBe('✔ unit passed');
      expect(lines.filter((line) => line.startsWith('… unit 3/8 files'))).toHaveLength(2);
      expect(lines).toHaveLength(4);
      expect(written).not.toContain('\x1b[');
    } finally {
      jest.useRealTimers();
    }
  });
});
