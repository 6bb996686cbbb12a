import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SharedStateWriter, type SharedState } from '../src';

describe('shared state', () => {
  let directory: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-state-'));
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  const read = (file: string): SharedState => JSON.parse(fs.readFileSync(file, 'utf8')) as SharedState;

  it('starts with every agent pending and records each transition', () => {
    const file = path.join(directory, 'coordination', 'shared-state.json');
    const writer = new SharedStateWriter(file, ['unit', 'cloud'], () => new Date('2026-11-25T10:00:00Z'));
    expect(read(file)).toMatchObject({ startedAt: '2026-11-25T10:00:00.000Z', phase: 'planning', agents: { unit: { status: 'pending' }, cloud: { status: 'pending' } } });
    writer.setPhase('running');
    writer.updateAgent('unit', { status: 'running', pid: 4242, startedAt: '2026-11-25T10:00:01.000Z' });
    writer.updateAgent('unit', { status: 'failed', exitCode: 1, signal: null, tests: { done: 3, total: 3, failed: 1 } });
    expect(read(file)).toMatchObject({
      phase: 'running',
      agents: { unit: { status: 'failed', pid: 4242, exitCode: 1, tests: { done: 3, total: 3, failed: 1 } }, cloud: { status: 'pending' } },
    });
  });

  it('coalesces progress writes and leaves no temp files behind', async () => {
    const file = path.join(directory, 'shared-state.json');
    const writer = new SharedStateWriter(file, ['unit']);
    for (let done = 1; done <= 100; done += 1) writer.updateAgent('unit', { tests: { done, failed: 0 } }, false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(read(file).agents.unit!.tests.done).toBe(100);
    expect(fs.readdirSync(directory)).toEqual(['shared-state.json']);
  });

  it('writes nothing once closed, so a late progress event cannot recreate a removed directory', async () => {
    const file = path.join(directory, 'late', 'shared-state.json');
    const writer = new SharedStateWriter(file, ['unit']);
    writer.updateAgent('unit', { tests: { done: 1, failed: 0 } }, false);
    writer.close();
    expect(read(file).agents.unit!.tests.done).toBe(1);
    fs.rmSync(path.join(directory, 'late'), { recursive: true });
    writer.updateAgent('unit', { tests: { done: 2, failed: 0 } }, false);
    writer.setPhase('done');
    await new Promise((resolve) => setImmediate(resolve));
    expect(fs.existsSync(path.join(directory, 'late'))).toBe(false);
  });
});
