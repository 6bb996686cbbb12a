import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { expectMetric, flushPromises, orchEnvironment, realClock, SimulatedClock, testNotRun, waitUntil } from '@orch/harness';
import { AutonomousOperator, ControlLoop } from '@orch/jarvis';
import { ServiceFleet } from './support/service-fleet';
import { AutonomyRig, INTERVAL_MS, slope } from './support/autonomy-rig';
import { makeTempDir } from './support/temp-dir';

const HOUR_MS = 3_600_000;
const FULL = orchEnvironment().profile === 'full';
// Seven simulated days (20,160 iterations) in every profile: each iteration does its real work
// (3 HTTP probes of real processes, process table, log scan, SQLite write, hourly pattern
// mining): ~20 s of wall time on 2 cores without coverage, 20-45 s in pnpm test's coverage part.
const SIMULATED_HOURS = 168;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

interface HourSample {
  hour: number;
  rssMb: number;
  /** Heap used right after a forced full GC; taken every GC_EVERY_HOURS. */
  heapAfterGcMb: number | undefined;
  sqliteMb: number;
}

// A full GC of the Jest worker's heap costs ~100 ms; hourly over 7 days that alone would be
// ~17 s. Every 6 simulated hours gives 28 points for the heap trend.
const GC_EVERY_HOURS = 6;
let gcMs = 0;
function timedGc(): number {
  const started = performance.now();
  gc();
  gcMs += performance.now() - started;
  return process.memoryUsage().heapUsed / 1_048_576;
}

describe(`autonomous loop over ${SIMULATED_HOURS} simulated hours`, () => {
  const temp = makeTempDir('long-run');
  let rig: AutonomyRig;
  const samples: HourSample[] = [];
  let iterationsAt24h = 0;
  let realMs = 0;
  let patternRuns = 0;

  beforeAll(async () => {
    rig = await AutonomyRig.start(temp.path, ['api', 'producer', 'vocal-coach'], {
      // Hourly, JARVIS also mines its memory for patterns (real work on the growing store).
      tasks: [async ({ index }) => ((index + 1) % 120 === 0 ? (rig.store.learnPatterns(rig.clock.now()), (patternRuns += 1), 0) : 0)],
    });
    rig.loop.start();
    const started = performance.now();
    for (let hour = 1; hour <= SIMULATED_HOURS; hour += 1) {
      fs.appendFileSync(rig.logFile, `${new Date(rig.clock.now()).toISOString()} info request served\n${hour % 2 === 0 ? 'ERROR upstream timeout\n' : ''}`);
      await rig.advance(HOUR_MS);
      if (hour === 24) iterationsAt24h = rig.loop.timings.length;
      const memory = process.memoryUsage();
      const heapAfterGcMb = hour % GC_EVERY_HOURS === 0 ? timedGc() : undefined;
      samples.push({ hour, rssMb: memory.rss / 1_048_576, heapAfterGcMb, sqliteMb: rig.store.sizeBytes() / 1_048_576 });
    }
    realMs = performance.now() - started;
  }, 300_000);

  afterAll(async () => {
    await rig.close();
    temp.remove();
  });

  const profile = `${SIMULATED_HOURS} simulated hours (${FULL ? 'full' : 'ci'} profile)`;

  test('[AUTO-01] iterations start every 30 s within ±2 s', () => {
    const intervals = rig.loop.timings.intervalsSeconds();
    const details = {
      iterations: rig.loop.timings.length,
      profile,
      clock: 'SimulatedClock: start times are clock times on the grid start + k × 30 s; a late start would show here',
      realWallMs: Math.round(realMs),
    };
    expectMetric({ name: 'control loop interval (min)', unit: 's', threshold: 'min>=28', samples: intervals, target: 'Control loop executes every 30s (±2s tolerance)', details });
    expectMetric({ name: 'control loop interval (max)', unit: 's', threshold: 'max<=32', samples: intervals, target: 'Control loop executes every 30s (±2s tolerance)', details });
  });

  test('[AUTO-02] every iteration completes in under 10 s', () => {
    expectMetric({
      name: 'control loop iteration duration',
      unit: 's',
      threshold: 'max<10',
      samples: rig.loop.timings.durationsSeconds(),
      target: 'Each iteration completes in <10s',
      details: {
        profile,
        measure: 'per iteration, the longer of its real work time (performance.now) and its clock time',
        work: 'HTTP health probes of 3 real service processes, process table, log scan, memory, SQLite write; hourly pattern mining',
      },
    });
  });

  test('[AUTO-03] the loop runs 2,880 iterations in 24 hours', () => {
    expectMetric({
      name: 'control loop iterations in 24 h',
      unit: 'iterations',
      threshold: 'count==2880',
      value: iterationsAt24h,
      target: 'Control loop continues for 24 hours (2,880 iterations)',
      details: { errors: rig.loop.errors.length },
    });
    expect(rig.loop.errors).toEqual([]);
  });

  test('[AUTO-04] each iteration checks health, services, logs and memory', () => {
    const iterations = rig.loop.timings.length;
    expect(rig.operator.checks).toEqual({ health: iterations, services: iterations, logs: iterations, memory: iterations });
    const state = rig.operator.lastState!;
    expect(Object.keys(state.health).sort()).toEqual(['api', 'producer', 'vocal-coach']);
    expect(Object.values(state.services).every((service) => service.running)).toBe(true);
    expect(state.memory.rssMb).toBeGreaterThan(0);
    // Every probe of every iteration is in the learning store.
    expect(rig.store.count()).toBe(iterations * 3);
  });

  test('[AUTO-05] no iteration is skipped', () => {
    const expected = Math.floor((SIMULATED_HOURS * HOUR_MS) / INTERVAL_MS);
    expectMetric({
      name: 'skipped control loop iterations',
      unit: 'skipped iterations',
      threshold: 'count==0',
      value: expected - rig.loop.timings.length,
      target: 'Verify no skipped iterations',
      details: { profile, expected, ran: rig.loop.timings.length, late: rig.loop.timings.lateCount(), overlaps: rig.loop.overlapCount() },
    });
    expect(rig.loop.overlapCount()).toBe(0);
  });

  test('[AUTO-27] the loop runs a simulated 7 days (168 h) without human intervention', () => {
    const hours = (rig.clock.now() - rig.loop.timings.at(0).startedAt + INTERVAL_MS) / HOUR_MS;
    expect(rig.recovery.steps.filter((step) => step.kind === 'escalated')).toEqual([]);
    expect(rig.guard.killSwitch.status().changedAt).toBeNull();
    expectMetric({
      name: 'autonomous hours without human intervention',
      unit: 'h',
      threshold: 'value>=168',
      value: hours,
      target: 'Run autonomous loop for simulated 7 days (168 hours)',
      details: { iterations: rig.loop.timings.length, escalations: 0, killSwitchChanges: 0, realWallMs: Math.round(realMs) },
    });
  });

  test('[AUTO-28] memory stays under 2 GB', () => {
    expectMetric({
      name: 'JARVIS process RSS (hourly samples)',
      unit: 'MB',
      threshold: 'max<=2048',
      samples: samples.map((s) => s.rssMb),
      target: 'Memory usage should not exceed 2GB',
      details: { profile, note: 'RSS of the Jest worker running JARVIS and the test (an upper bound for JARVIS alone)' },
    });
  });

  test('[AUTO-29] the SQLite database stays under 500 MB', () => {
    const sizes = samples.map((s) => s.sqliteMb);
    const perDay = slope(
      samples.map((s) => s.hour / 24),
      sizes,
    );
    expectMetric({
      name: 'learning store size on disk (hourly samples)',
      unit: 'MB',
      threshold: 'max<=500',
      samples: sizes,
      target: 'SQLite database should not exceed 500MB',
      details: { profile, growthMbPerDay: perDay, after7DaysMb: sizes.at(-1), events: rig.store.count() },
    });
  });

  test('[AUTO-30] no memory leak: heap after GC shows no growth trend', () => {
    // Skip the first sample (JIT, caches, SQLite page cache warming up).
    const steady = samples.filter((s) => s.heapAfterGcMb !== undefined).slice(1) as Array<HourSample & { heapAfterGcMb: number }>;
    const heapSlopeMbPerDay = slope(
      steady.map((s) => s.hour / 24),
      steady.map((s) => s.heapAfterGcMb),
    );
    expectMetric({
      name: 'heap growth trend after GC',
      unit: 'MB/day',
      threshold: 'value<1',
      value: heapSlopeMbPerDay,
      target: 'No memory leaks detected',
      details: {
        profile,
        method: `least-squares slope of heapUsed after a forced full GC, every ${GC_EVERY_HOURS} simulated hours`,
        samples: steady.length,
        gcWallMs: Math.round(gcMs),
        retainedByDesign: 'iteration timings: 45 bytes per iteration (~0.13 MB/day)',
        firstHeapMb: steady[0]!.heapAfterGcMb,
        lastHeapMb: steady.at(-1)!.heapAfterGcMb,
      },
    });
  });

  test('[AUTO-31] all services stay healthy throughout', () => {
    const unhealthy = rig.store.insights().services.reduce((sum, row) => sum + row.failures, 0);
    const restarts = Object.values(rig.operator.lastState!.services).reduce((sum, service) => sum + service.restarts, 0);
    expectMetric({
      name: 'unhealthy service observations',
      unit: 'count',
      threshold: 'count==0',
      value: unhealthy,
      target: 'All services remain healthy',
      details: { profile, observations: rig.store.count(), restarts, patternRuns },
    });
  });

  test('[AUTO-32] CPU averages under 20%', () => {
    const shares = rig.loop.timings.cpuMs().map((cpuMs) => cpuMs / INTERVAL_MS);
    expectMetric({
      name: 'CPU share per iteration interval',
      unit: 'ratio',
      threshold: 'avg<0.2',
      samples: shares,
      target: 'CPU usage averages <20%',
      details: {
        profile,
        definition:
          'process CPU time (user+system, process.cpuUsage) spent in each iteration ÷ the 30 s interval it occupies in real operation: the share of one core JARVIS needs. Wall-clock CPU% over simulated time would be meaningless.',
        includes: 'the Jest worker’s own work during the iteration (an upper bound)',
      },
    });
  });
});

describe('control loop on the real clock', () => {
  // The simulated runs prove the schedule; this one (full profile: 4 iterations, ~2 minutes)
  // shows the same loop keeps 30 s ±2 s in real time with real work in each iteration.
  const title = '[AUTO-01][AUTO-02] on the real clock, iterations start every 30 s ±2 s and finish in under 10 s';
  if (!FULL) {
    testNotRun(title, 'takes 2 real minutes; runs with ORCH_PROFILE=full (ci proves the schedule on the simulated clock)');
    return;
  }
  test(
    title,
    async () => {
      const temp = makeTempDir('real-clock');
      const fleet = await ServiceFleet.start(['api', 'producer'], temp.path);
      const operator = new AutonomousOperator({ clock: realClock, probes: fleet.probes(), supervisor: fleet.supervisor });
      const loop = new ControlLoop({ clock: realClock, iterate: operator.iterate, intervalMs: INTERVAL_MS });
      try {
        loop.start();
        await waitUntil(async () => loop.timings.length >= 4, { timeoutMs: 5 * INTERVAL_MS, intervalMs: 500, what: '4 real iterations' });
      } finally {
        loop.stop();
        await loop.idle();
        await fleet.close();
        temp.remove();
      }
      const intervals = loop.timings.intervalsSeconds();
      const details = { clock: 'real', iterations: loop.timings.length };
      expectMetric({ name: 'control loop interval on the real clock (min)', unit: 's', threshold: 'min>=28', samples: intervals, details });
      expectMetric({ name: 'control loop interval on the real clock (max)', unit: 's', threshold: 'max<=32', samples: intervals, details });
      expectMetric({ name: 'control loop iteration duration on the real clock', unit: 's', threshold: 'max<10', samples: loop.timings.durationsSeconds(), details });
    },
    4 * 60_000,
  );
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
    expectMetric({
      name: 'skipped iterations after an overrun',
      unit: 'skipped iterations',
      threshold: 'count==0',
      value: 10 - timings.length,
      details: { late: [4, 5], overrunIteration: 3, overrunClockMs: 75_000 },
    });
  });
});
