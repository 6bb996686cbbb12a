import * as fs from 'node:fs';
import { expectMetric, flushPromises, SimulatedClock } from '@orch/harness';
import { ControlLoop } from '@orch/jarvis';
import { AutonomyRig, INTERVAL_MS } from './support/autonomy-rig';
import { makeTempDir } from './support/temp-dir';

const DAY_MS = 86_400_000;

describe('control loop over a simulated 24 hours', () => {
  const temp = makeTempDir('loop');
  let rig: AutonomyRig;
  let realMs = 0;

  beforeAll(async () => {
    rig = await AutonomyRig.start(temp.path);
    rig.loop.start();
    const started = performance.now();
    // Service logs keep arriving during the day (an error line every ~2 hours).
    for (let hour = 0; hour < 24; hour += 1) {
      fs.appendFileSync(rig.logFile, `${new Date(rig.clock.now()).toISOString()} info request served\n${hour % 2 === 0 ? 'ERROR upstream timeout\n' : ''}`);
      await rig.advance(3_600_000);
    }
    realMs = performance.now() - started;
  }, 120_000);

  afterAll(async () => {
    await rig.close();
    temp.remove();
  });

  test('[AUTO-01] iterations start every 30 s within ±2 s', () => {
    const intervals = rig.loop.timings.intervalsSeconds();
    const details = { iterations: rig.loop.timings.length, clock: 'simulated (SimulatedClock); start times are clock times, the grid is start + k × 30 s', realWallMs: Math.round(realMs) };
    expectMetric({ name: 'control loop interval (min)', unit: 's', threshold: 'min>=28', samples: intervals, target: 'Control loop executes every 30s (±2s tolerance)', details });
    expectMetric({ name: 'control loop interval (max)', unit: 's', threshold: 'max<=32', samples: intervals, target: 'Control loop executes every 30s (±2s tolerance)', details });
  });

  test('[AUTO-02] every iteration completes in under 10 s', () => {
    const durations = rig.loop.timings.durationsSeconds();
    expectMetric({
      name: 'control loop iteration duration',
      unit: 's',
      threshold: 'max<10',
      samples: durations,
      target: 'Each iteration completes in <10s',
      details: { measure: 'per iteration, the longer of its real work time (performance.now) and its clock time', work: 'HTTP health probes of 3 real service processes, process table, log scan, memory, SQLite write' },
    });
  });

  test('[AUTO-03] the loop runs 2,880 iterations in 24 hours', () => {
    expectMetric({ name: 'control loop iterations in 24 h', unit: 'iterations', threshold: 'count==2880', value: rig.loop.timings.length, target: 'Control loop continues for 24 hours (2,880 iterations)', details: { simulatedMs: DAY_MS, errors: rig.loop.errors.length } });
    expect(rig.loop.errors).toEqual([]);
  });

  test('[AUTO-04] each iteration checks health, services, logs and memory', async () => {
    const iterations = rig.loop.timings.length;
    expect(rig.operator.checks).toEqual({ health: iterations, services: iterations, logs: iterations, memory: iterations });
    const state = rig.operator.lastState!;
    expect(Object.keys(state.health).sort()).toEqual(['api', 'producer', 'vocal-coach']);
    expect(Object.values(state.services).every((service) => service.running)).toBe(true);
    expect(state.memory.rssMb).toBeGreaterThan(0);
    // Every probe of every iteration is in the learning store, and the log errors were seen.
    expect(rig.store.count()).toBe(iterations * 3);
    expect(rig.store.insights().services.map((row) => row.failures)).toEqual([0, 0, 0]);
  });

  test('[AUTO-05] no iteration is skipped over 24 hours', () => {
    const expected = Math.floor(DAY_MS / INTERVAL_MS);
    const skipped = expected - rig.loop.timings.length;
    expectMetric({ name: 'skipped control loop iterations', unit: 'skipped iterations', threshold: 'count==0', value: skipped, target: 'Verify no skipped iterations', details: { expected, ran: rig.loop.timings.length, late: rig.loop.timings.lateCount(), overlaps: rig.loop.overlapCount() } });
    expect(rig.loop.overlapCount()).toBe(0);
  });
});

describe('control loop under overrun', () => {
  test('[AUTO-05] an overrunning iteration makes the next one late, never skipped or overlapping', async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 10, 2));
    let active = 0;
    let maxActive = 0;
    const loop = new ControlLoop({
      clock,
      intervalMs: INTERVAL_MS,
      iterate: async ({ index }) => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        // Iteration 3 takes 75 s of clock time: iterations 4 and 5 become due while it runs.
        if (index === 3) await new Promise<void>((resolve) => clock.setTimeout(resolve, 75_000));
        active -= 1;
        return { actions: 0 };
      },
    });
    loop.start();
    await clock.advance(10 * INTERVAL_MS, flushPromises);
    loop.stop();
    const timings = Array.from({ length: loop.timings.length }, (_, i) => loop.timings.at(i));
    expect(maxActive).toBe(1);
    expect(timings.map((timing) => timing.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(timings.filter((timing) => timing.late).map((timing) => timing.index)).toEqual([4, 5]);
    // Back on the grid after catching up: iteration 6 starts when it is due.
    expect(timings[6]!.startedAt).toBe(timings[6]!.scheduledAt);
    expectMetric({ name: 'skipped iterations after an overrun', unit: 'skipped iterations', threshold: 'count==0', value: 10 - timings.length, details: { late: [4, 5], overrunIteration: 3, overrunClockMs: 75_000 } });
  });
});
