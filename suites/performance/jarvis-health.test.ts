import { deployedUrl, remoteLoadRefusal, runClosedModel, runOpenModel, sampleProcess, serverProcessId, startTarget, testUnless, type SystemTarget } from '@orch/harness';
import { exclusiveLoad } from './src/exclusive-load';
import { describeGenerator, loadDetails } from './src/generator-details';
import { HEALTH_LEVELS, HEALTH_RATE_PER_SECOND, type HealthLevel } from './src/load-profiles';
import { MetricBatch } from './src/metric-batch';
import { performanceProfile, timeoutFor } from './src/profile';

const profile = performanceProfile();

describe('JARVIS Control Plane GET /health under load (seed: 1000 req/s; p50 < 20 ms, p95 < 100 ms, p99 < 200 ms, errors < 0.1%)', () => {
  let target: SystemTarget;

  beforeAll(async () => {
    if (remoteLoadRefusal(deployedUrl('jarvis'))) return;
    // Under the lock: a start-up and its warm-up load must not run during another file's measurement.
    await exclusiveLoad(async () => {
      target = await startTarget('jarvis');
      // A just-started process runs cold code (tsx-compiled, not yet optimised by the JIT); one
      // unrecorded second at the asked rate measures the service, not its start-up.
      await runOpenModel({ baseUrl: target.baseUrl, ratePerSecond: HEALTH_RATE_PER_SECOND, durationMs: 1000, users: 100, request: { path: '/health' } });
    });
  }, 60_000);

  afterAll(async () => {
    await exclusiveLoad(async () => target?.stop());
  });

  async function runLevel(level: HealthLevel): Promise<void> {
    const pid = serverProcessId(target.baseUrl);
    const { result, server, ceiling } = await exclusiveLoad(async () => {
      const sampler = pid ? sampleProcess(pid) : undefined;
      const openResult = await runOpenModel({
        baseUrl: target.baseUrl,
        ratePerSecond: HEALTH_RATE_PER_SECOND,
        durationMs: profile.healthSecondsPerLevel * 1000,
        users: level.users,
        request: { path: '/health' },
        timeoutMs: 5_000,
      });
      const usage = sampler?.stop();
      // The server's ceiling with the same connections (closed model): how far the asked rate is from saturation.
      const closed =
        profile.healthCeilingSeconds > 0
          ? await runClosedModel({ url: `${target.baseUrl}/health`, connections: level.users, durationSeconds: profile.healthCeilingSeconds })
          : undefined;
      return { result: openResult, server: usage, ceiling: closed };
    });
    const details = loadDetails({
      profile: profile.name,
      generator: result.generator,
      corrected: result.corrected,
      uncorrected: result.uncorrected,
      server,
      extra: {
        users: level.users,
        askedRatePerSecond: HEALTH_RATE_PER_SECOND,
        achievedRatePerSecond: result.achievedRatePerSecond,
        lateSends: result.lateSends,
        scheduled: result.scheduled,
        completed: result.completed,
        statuses: result.statuses,
        closedModelCeilingPerSecond: ceiling?.requestsPerSecond,
        target: target.kind,
      },
    });
    const batch = new MetricBatch(`JARVIS GET /health, ${level.users} users (${level.label}), ${HEALTH_RATE_PER_SECOND} req/s asked for ${profile.healthSecondsPerLevel} s`);
    for (const [statistic, scenario] of [
      ['p50', level.scenarios.p50],
      ['p95', level.scenarios.p95],
      ['p99', level.scenarios.p99],
    ] as const) {
      batch.seed(scenario, { name: `GET /health ${statistic} latency at ${level.users} users`, histogram: result.corrected, details });
    }
    batch.seed(level.scenarios.throughput, { name: `GET /health throughput at ${level.users} users`, value: result.throughputPerSecond, details });
    batch.seed(level.scenarios.errors, { name: `GET /health error rate at ${level.users} users`, value: result.errorRate, details });
    if (ceiling)
      batch.add({
        scenario: level.scenarios.throughput,
        name: `GET /health closed-model ceiling at ${level.users} connections (autocannon)`,
        unit: 'req/s',
        value: ceiling.requestsPerSecond,
        details: { errors: ceiling.errors, timeouts: ceiling.timeouts, generator: ceiling.generator },
      });
    batch.add({ scenario: level.scenarios.throughput, name: `load generator CPU at ${level.users} users`, unit: 'ratio', value: result.generator.cpuRatio, details });
    batch.note(
      `achieved ${result.achievedRatePerSecond} req/s of ${HEALTH_RATE_PER_SECOND} asked, ${result.lateSends} late sends, ${result.timeouts} timeouts; uncorrected p99 ${result.uncorrected.getValueAtPercentile(99) / 1000} ms`,
    );
    batch.note(describeGenerator(result.generator));
    if (server) batch.note(`server: CPU ${(server.cpuRatio * 100).toFixed(0)}% of a core, RSS ${server.rssEndMb} MB`);
    if (result.errorSamples.length > 0) batch.note(`errors: ${result.errorSamples.slice(0, 3).join(' | ')}`);
    batch.assertAll();
    // Every scheduled request went out and came back: the figures cover the whole asked load.
    expect(result.completed).toBe(result.scheduled);
  }

  for (const level of HEALTH_LEVELS) {
    const ids = Object.values(level.scenarios)
      .map((id) => `[${id}]`)
      .join(' ');
    testUnless(
      remoteLoadRefusal(deployedUrl('jarvis')),
      `${ids} GET /health at ${level.users} concurrent users (${level.label}) answers ≥1000 req/s with p50 < 20 ms, p95 < 100 ms, p99 < 200 ms and < 0.1% errors`,
      () => runLevel(level),
      timeoutFor(profile.healthSecondsPerLevel + profile.healthCeilingSeconds),
    );
  }
});
