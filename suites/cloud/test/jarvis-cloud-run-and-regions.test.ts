import { performance } from 'node:perf_hooks';
import { createLatencyHistogram, expectMetric, freePort, orchEnvironment, recordMetric, recordMilliseconds, SimulatedClock, waitUntil } from '@orch/harness';
import { readDeployYaml } from '../src/artifacts/deploy-files';
import { CanaryAnalysis } from '../src/local-cloud/canary-analysis';
import { startTraffic } from '../src/local-cloud/continuous-traffic';
import { operatorAuthorization } from '../src/local-cloud/jarvis-session';
import { LocalService, type ServiceVersion } from '../src/local-cloud/local-service';
import { jarvisVersion, vocalCoachVersion } from '../src/local-cloud/reference-services';
import { RegionRouter } from '../src/local-cloud/region-router';
import { TargetTrackingAutoscaler } from '../src/local-cloud/target-tracking-autoscaler';
import { listeningSockets } from '../src/network/listening-ports';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const [cloudRunManifest] = readDeployYaml('cloud-run/jarvis-service.yaml') as Json[];
const canaryRoute = (cloudRunManifest.spec.traffic as { tag?: string; percent: number }[]).find((route) => route.tag === 'canary') as { percent: number };
const minInstances = Number(cloudRunManifest.spec.template.metadata.annotations['autoscaling.knative.dev/minScale']);
const maxInstances = Number(cloudRunManifest.spec.template.metadata.annotations['autoscaling.knative.dev/maxScale']);
const containerConcurrency = Number(cloudRunManifest.spec.template.spec.containerConcurrency);
const HEARTBEAT_KEY = 'cloud-agent-heartbeat-key-0123456789';
const FULL = orchEnvironment().profile === 'full';

/** Open-model sender: request i is due at start + i × interval and timed from that moment (no coordinated omission). */
async function scheduledLatencies(url: string, headers: Record<string, string>, count: number, intervalMs: number): Promise<{ latencies: number[]; failed: number }> {
  const start = performance.now();
  let failed = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const due = start + index * intervalMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      try {
        const response = await fetch(url, { headers, signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        if (!response.ok) failed += 1;
      } catch {
        failed += 1;
      }
      latencies.push(performance.now() - due);
    }),
  );
  return { latencies, failed };
}

describe('JARVIS on Cloud Run and on ECS ("regions") in front of AI DAWG (GKE role): real processes', () => {
  const dawg = new LocalService({ name: 'ai-dawg-gke' });
  const cloudRun = new LocalService({ name: 'jarvis-cloud-run' });
  const ecs = new LocalService({ name: 'jarvis-ecs-region' });
  const clock = new SimulatedClock();
  let router: RegionRouter;
  let auth: Record<string, string> = {};
  let jarvis: (version: string, dawgUrl?: string) => ServiceVersion;

  beforeAll(async () => {
    await dawg.start(vocalCoachVersion('v1'), 1);
    // JARVIS calls the AI DAWG pod directly, as kube-proxy would route it: no extra userspace hop.
    const pod = dawg.list()[0].process.url;
    jarvis = (version, dawgUrl = pod) => jarvisVersion(version, [{ name: 'coach', baseUrl: dawgUrl }], { JARVIS_HEARTBEAT_KEY: HEARTBEAT_KEY });
    await Promise.all([cloudRun.start(jarvis('blue'), minInstances), ecs.start(jarvis('ecs'), 1)]);
    router = new RegionRouter(
      [
        { name: 'ecs', url: ecs.url },
        { name: 'cloud-run', url: cloudRun.url },
      ],
      clock,
    );
    await router.start();
    auth = await operatorAuthorization(router.url);
  }, 60_000);
  afterAll(async () => {
    await router?.stop();
    await Promise.all([cloudRun.stop(), ecs.stop(), dawg.stop()]);
  }, 30_000);

  test('[CLOUD-29] JARVIS in the ECS region reaches AI DAWG in the GKE role through its authenticated proxy', async () => {
    const response = await fetch(`${router.url}/api/dawg/coach/health`, { headers: auth });
    const body = (await response.json()) as { service: string };
    expect(response.status).toBe(200);
    expect(response.headers.get('x-served-by-version')).toBe('ecs');
    expect(body.service).toBe('ai-dawg-vocal-coach');
  });

  test('[CLOUD-30] cross-service latency JARVIS → AI DAWG, measured at the client through JARVIS’s proxy, is p95 < 100 ms (open-model sender, HDR histogram)', async () => {
    const { latencies, failed } = await scheduledLatencies(`${ecs.list()[0].process.url}/api/dawg/coach/health`, auth, 200, 20);
    const histogram = createLatencyHistogram();
    for (const latency of latencies) recordMilliseconds(histogram, latency);
    expect(failed).toBe(0);
    expectMetric({
      name: 'cloud.multicloud.cross_service_latency',
      unit: 'ms',
      threshold: 'p(95)<100',
      histogram,
      target: 'Cross-cloud latency: <100ms',
      details: {
        requests: latencies.length,
        rate: '50/s',
        path: 'client → JARVIS (ECS role) → AI DAWG vocal coach pod',
        note: 'both "clouds" on one host: the network distance between providers is not reproduced',
      },
    });
  }, 30_000);

  test('[CLOUD-31] only the intended ports answer, and service-to-service calls are authenticated', async () => {
    for (const service of [dawg, ecs, cloudRun]) {
      for (const replica of service.list()) expect(listeningSockets(replica.process.pid)).toEqual([{ address: '127.0.0.1', port: replica.process.port }]);
    }
    const anonymous = await fetch(`${router.url}/api/dawg/coach/health`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toMatch(/^[A-Z_]+$/);
    const token = auth.authorization.split(' ')[1];
    const forged = await fetch(`${router.url}/api/dawg/coach/health`, { headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` } });
    expect(forged.status).toBe(401);
    const heartbeat = (key?: string): Promise<Response> =>
      fetch(`${router.url}/api/heartbeat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'x-heartbeat-key': key } : {}) },
        body: JSON.stringify({ service: 'coach', status: 'healthy' }),
      });
    expect((await heartbeat()).status).toBe(401);
    expect((await heartbeat('wrong-key-wrong-key-wrong-key-wrong')).status).toBe(401);
    expect((await heartbeat(HEARTBEAT_KEY)).status).toBe(202);
  });

  test('[CLOUD-08] [CLOUD-09] a new Cloud Run revision cold-starts in < 5 s and takes exactly the 10% canary share, counted by the version that answered', async () => {
    const started = performance.now();
    await cloudRun.startCanary(jarvis('green'), canaryRoute.percent);
    recordMetric({
      scenario: 'CLOUD-08',
      name: 'cloud.cloudrun.revision_deployment_time',
      unit: 's',
      value: (performance.now() - started) / 1000,
      details: { platform: 'local processes (the live Cloud Run deployment is not run here)' },
    });
    const [green] = cloudRun.list('canary');
    expectMetric({
      scenario: 'CLOUD-08',
      name: 'cloud.cloudrun.cold_start_s',
      unit: 's',
      threshold: 'value<5',
      value: green.coldStartMs / 1000,
      target: 'Cold start: <5 seconds',
      details: { measured: 'spawn of the JARVIS process to its first 2xx /health, real time' },
    });
    // A fixed number of requests: the balancer's weighted round-robin makes the split exact per ten.
    const result = await startTraffic(cloudRun.url, { path: '/api/dawg/coach/health', headers: auth }, { concurrency: 5, limit: 200 }).done();
    const served = (result.byVersion.blue ?? 0) + (result.byVersion.green ?? 0);
    expect(result.failed).toBe(0);
    expect(served).toBe(200);
    expectMetric({
      scenario: 'CLOUD-09',
      name: 'cloud.cloudrun.canary_share',
      unit: 'ratio',
      threshold: 'value==0.1',
      value: (result.byVersion.green ?? 0) / served,
      target: 'Blue-green deployment with 10% canary',
      details: { byVersion: result.byVersion },
    });
    await cloudRun.rollbackCanary();
  }, 60_000);

  test('[CLOUD-10] a canary whose error rate passes 1% is rolled back automatically, and the traffic after it errs ≤ 1%', async () => {
    // The bad revision points JARVIS at an AI DAWG address where nothing listens: every proxied call 503s.
    await cloudRun.startCanary(jarvis('red', `http://127.0.0.1:${await freePort()}`), canaryRoute.percent);
    cloudRun.balancer.resetTallies();
    const analysisClock = new SimulatedClock();
    const analysis = new CanaryAnalysis(cloudRun, { canaryVersion: 'red', maxErrorRate: 0.01, minResponses: 20, intervalMs: 60_000 }, analysisClock);
    analysis.start();
    const traffic = startTraffic(cloudRun.url, { path: '/api/dawg/coach/health', headers: auth }, { concurrency: 5 });
    for (let minute = 0; minute < 30 && !analysis.rolledBack; minute += 1) {
      await waitUntil(async () => cloudRun.balancer.tally('red').responses >= 20 * (minute + 1), { timeoutMs: 15_000, what: 'canary traffic' });
      await analysisClock.advance(60_000, () => analysis.idle());
    }
    analysis.stop();
    const during = traffic.snapshot();
    cloudRun.balancer.resetTallies();
    await waitUntil(async () => cloudRun.balancer.tally('blue').responses >= 200, { timeoutMs: 20_000, what: '200 requests after the rollback' });
    await traffic.stop();
    const after = cloudRun.balancer.tally('blue');
    expect(analysis.rolledBack).toBe(true);
    expect(cloudRun.list('canary')).toHaveLength(0);
    expect(cloudRun.balancer.tally('red').responses).toBe(0);
    const verdict = analysis.verdicts[analysis.verdicts.length - 1];
    expectMetric({
      name: 'cloud.cloudrun.canary_error_rate_injected',
      unit: 'ratio',
      threshold: 'rate<=0.01',
      value: verdict.errorRate,
      role: 'breach',
      target: 'Rollback on error rate >1%',
      details: { verdicts: analysis.verdicts, byVersionDuring: during.byVersion },
    });
    expectMetric({
      name: 'cloud.cloudrun.error_rate_after_rollback',
      unit: 'ratio',
      threshold: 'rate<=0.01',
      value: after.errors / after.responses,
      target: 'Rollback on error rate >1%',
      details: { responses: after.responses, errors: after.errors },
    });
  }, 90_000);

  // Nine more JARVIS processes: in the full profile only; in ci CLOUD-07 is the validated configuration.
  (FULL ? test : test.skip)(
    '[CLOUD-07] (full profile) concurrency autoscaling with injected in-flight request samples scales real JARVIS instances 1 → 10 and back to 1',
    async () => {
      const scaleClock = new SimulatedClock();
      // Knative's autoscaler targets 70% of containerConcurrency in flight per instance.
      const target = containerConcurrency * 0.7;
      const profile = [60, 300, 700, 700, 700, 20, 20, 20, 20, 20, 20, 20, 20];
      let tick = 0;
      const autoscaler = new TargetTrackingAutoscaler(
        { minReplicas: minInstances, maxReplicas: maxInstances, targetPercent: target, periodMs: 60_000, scaleInCooldownMs: 300_000 },
        {
          replicas: () => cloudRun.list('stable').length,
          utilisation: async () => profile[Math.min(tick++, profile.length - 1)] / cloudRun.list('stable').length,
          scaleTo: (count) => cloudRun.scaleTo(count),
        },
        scaleClock,
      );
      autoscaler.start();
      await scaleClock.advance(profile.length * 60_000, () => autoscaler.idle());
      autoscaler.stop();
      const counts = autoscaler.decisions.flatMap((decision) => [decision.from, decision.to]);
      expect(Math.max(...counts)).toBe(maxInstances);
      expect(cloudRun.list('stable')).toHaveLength(minInstances);
      const details = { source: 'injected in-flight request samples (total across instances); the instances are real JARVIS processes', decisions: autoscaler.decisions };
      expectMetric({
        name: 'cloud.cloudrun.runtime_instances_min',
        unit: 'instances',
        threshold: 'min>=1',
        samples: counts,
        target: 'Min instances: 1, Max instances: 10',
        details,
      });
      expectMetric({
        name: 'cloud.cloudrun.runtime_instances_max',
        unit: 'instances',
        threshold: 'max<=10',
        samples: counts,
        target: 'Min instances: 1, Max instances: 10',
        details,
      });
    },
    120_000,
  );

  test('[CLOUD-32] when the ECS region dies, traffic fails over to the Cloud Run region and is served there without errors', async () => {
    const traffic = startTraffic(router.url, { path: '/api/dawg/coach/health', headers: auth }, { concurrency: 2 });
    await waitUntil(async () => traffic.snapshot().total >= 20, { timeoutMs: 10_000, what: 'traffic before the outage' });
    const killedAt = performance.now();
    for (const replica of ecs.list()) ecs.kill(replica);
    let failedOverAt = 0;
    for (let check = 0; check < 6 && router.activeRegion() === 'ecs'; check += 1) {
      await clock.advance(10_000, () => router.idle());
      failedOverAt = performance.now();
    }
    expect(router.activeRegion()).toBe('cloud-run');
    const before = traffic.snapshot();
    await waitUntil(async () => traffic.snapshot().total - before.total >= 100, { timeoutMs: 20_000, what: '100 requests after failover' });
    const after = await traffic.stop();
    // Requests already on their way to the dead region when the route switched fail there; none fails in the Cloud Run region.
    expect(after.failedByVersion['cloud-run'] ?? 0).toBe(0);
    expect(after.failedByVersion.none ?? 0).toBe(0);
    expect((after.byVersion['cloud-run'] ?? 0) - (before.byVersion['cloud-run'] ?? 0)).toBeGreaterThanOrEqual(100);
    recordMetric({
      name: 'cloud.multicloud.region_failover_s',
      unit: 's',
      value: (failedOverAt - killedAt) / 1000,
      details: { failedInDeadRegion: after.failedByVersion.ecs ?? 0, healthChecks: '2 failures × 10 s on the injected clock', failovers: router.failovers },
    });
  }, 40_000);
});
