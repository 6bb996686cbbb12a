import { expectMetric, freePort, SimulatedClock, waitUntil } from '@orch/harness';
import { readDeployYaml } from '../src/artifacts/deploy-files';
import { CanaryAnalysis } from '../src/local-cloud/canary-analysis';
import { startTraffic } from '../src/local-cloud/continuous-traffic';
import { operatorAuthorization } from '../src/local-cloud/jarvis-session';
import { LocalService } from '../src/local-cloud/local-service';
import { jarvisVersion, vocalCoachVersion } from '../src/local-cloud/reference-services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const [cloudRun] = readDeployYaml('cloud-run/jarvis-service.yaml') as Json[];
const canaryRoute = (cloudRun.spec.traffic as { tag?: string; percent: number }[]).find((route) => route.tag === 'canary') as { percent: number };
const minInstances = Number(cloudRun.spec.template.metadata.annotations['autoscaling.knative.dev/minScale']);

describe('JARVIS on the local Cloud Run-like platform: cold start, 10% canary, rollback on error rate', () => {
  const coach = new LocalService({ name: 'coach-for-cloud-run' });
  const jarvis = new LocalService({ name: 'jarvis-cloud-run', readyTimeoutMs: 10_000 });
  let auth: Record<string, string> = {};

  beforeAll(async () => {
    await coach.start(vocalCoachVersion('v1'), 1);
    await jarvis.start(jarvisVersion('blue', [{ name: 'coach', baseUrl: coach.url }]), minInstances);
    auth = await operatorAuthorization(jarvis.url);
  }, 40_000);
  afterAll(async () => {
    await jarvis.stop();
    await coach.stop();
  }, 30_000);

  test('[CLOUD-08] [CLOUD-09] a new revision cold-starts in < 5 s and takes exactly the 10% canary share, counted by the version that answered', async () => {
    await jarvis.startCanary(jarvisVersion('green', [{ name: 'coach', baseUrl: coach.url }]), canaryRoute.percent);
    const [green] = jarvis.list('canary');
    expectMetric({ scenario: 'CLOUD-08', name: 'cloud.cloudrun.cold_start_s', unit: 's', threshold: 'value<5', value: green.coldStartMs / 1000, target: 'Cold start: <5 seconds', details: { measured: 'spawn of the JARVIS process to its first 2xx /health, real time' } });
    // A fixed number of requests: the balancer's weighted round-robin makes the split exact per ten.
    const result = await startTraffic(jarvis.url, { path: '/api/dawg/coach/health', headers: auth }, { concurrency: 5, limit: 1000 }).done();
    const served = (result.byVersion.blue ?? 0) + (result.byVersion.green ?? 0);
    const greenShare = (result.byVersion.green ?? 0) / served;
    expect(result.failed).toBe(0);
    expect(served).toBe(1000);
    expectMetric({ scenario: 'CLOUD-09', name: 'cloud.cloudrun.canary_share', unit: 'ratio', threshold: 'value==0.1', value: greenShare, target: 'Blue-green deployment with 10% canary', details: { byVersion: result.byVersion, requests: result.total } });
    await jarvis.rollbackCanary();
  }, 60_000);

  test('[CLOUD-10] a canary whose error rate passes 1% is rolled back automatically, and the traffic after it errs ≤ 1%', async () => {
    const deadPort = await freePort();
    jarvis.balancer.resetTallies();
    // The bad revision points JARVIS at an AI DAWG address where nothing listens: every proxied call 503s.
    await jarvis.startCanary(jarvisVersion('red', [{ name: 'coach', baseUrl: `http://127.0.0.1:${deadPort}` }]), canaryRoute.percent);
    const clock = new SimulatedClock();
    const analysis = new CanaryAnalysis(jarvis, { canaryVersion: 'red', maxErrorRate: 0.01, minResponses: 20, intervalMs: 60_000 }, clock);
    analysis.start();
    const traffic = startTraffic(jarvis.url, { path: '/api/dawg/coach/health', headers: auth }, { concurrency: 5 });
    for (let minute = 0; minute < 30 && !analysis.rolledBack; minute += 1) {
      await waitUntil(async () => jarvis.balancer.tally('red').responses >= 20 * (minute + 1) || analysis.rolledBack, { timeoutMs: 10_000, what: 'canary traffic' });
      await clock.advance(60_000, () => analysis.idle());
    }
    analysis.stop();
    const during = traffic.snapshot();
    jarvis.balancer.resetTallies();
    await waitUntil(async () => jarvis.balancer.tally('blue').responses >= 300, { timeoutMs: 20_000, what: '300 requests after the rollback' });
    await traffic.stop();
    const after = jarvis.balancer.tally('blue');
    const redAfter = jarvis.balancer.tally('red');
    expect(analysis.rolledBack).toBe(true);
    expect(jarvis.list('canary')).toHaveLength(0);
    expect(redAfter.responses).toBe(0);
    const verdict = analysis.verdicts[analysis.verdicts.length - 1];
    expectMetric({ name: 'cloud.cloudrun.canary_error_rate_injected', unit: 'ratio', threshold: 'rate<=0.01', value: verdict.errorRate, role: 'breach', target: 'Rollback on error rate >1%', details: { verdicts: analysis.verdicts, byVersionDuring: during.byVersion } });
    expectMetric({ name: 'cloud.cloudrun.error_rate_after_rollback', unit: 'ratio', threshold: 'rate<=0.01', value: after.errors / after.responses, target: 'Rollback on error rate >1%', details: { responses: after.responses, errors: after.errors } });
  }, 90_000);
});
