import { SimulatedClock } from '../src';

describe('SimulatedClock', () => {
  it('fires intervals at their period over a simulated day without real waiting', async () => {
    const clock = new SimulatedClock(0);
    const fired: number[] = [];
    clock.setInterval(() => fired.push(clock.now()), 30_000);
    await clock.advance(24 * 60 * 60 * 1000);
    expect(fired).toHaveLength(2880);
    expect(fired[0]).toBe(30_000);
    expect(fired.at(-1)).toBe(24 * 60 * 60 * 1000);
  });

  it('fires timers in time order and lets async work settle between them', async () => {
    const clock = new SimulatedClock(0);
    const events: string[] = [];
    clock.setTimeout(() => {
      void Promise.resolve().then(() => events.push('async after 10'));
      events.push('10');
    }, 10);
    clock.setTimeout(() => events.push('20'), 20);
    await clock.advance(25);
    expect(events).toEqual(['10', 'async after 10', '20']);
    expect(clock.now()).toBe(25);
  });

  it('cancels timers and reports none pending', async () => {
    const clock = new SimulatedClock(0);
    const handle = clock.setInterval(() => undefined, 5);
    const once = clock.setTimeout(() => undefined, 5);
    expect(clock.pendingTimers()).toBe(2);
    handle.cancel();
    once.cancel();
    expect(clock.pendingTimers()).toBe(0);
    expect(await clock.runNext()).toBe(false);
  });
});
