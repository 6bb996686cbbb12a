import { performance } from 'node:perf_hooks';
import { expectMetric, recordMetric, SimulatedClock } from '@orch/harness';
import { readDeployJson } from '../src/artifacts/deploy-files';
import { startTraffic } from '../src/local-cloud/continuous-traffic';
import { LocalService } from '../src/local-cloud/local-service';
import { brokenJarvisVersion, jarvisVersion, OPERATOR } from '../src/local-cloud/reference-services';
import { TargetTrackingAutoscaler } from '../src/local-cloud/target-tracking-autoscaler';
import { rightsizeFargateTask } from '../src/costs/rightsizing';

interface EcsService {
  desiredCount: number;
  deploymentConfiguration: { minimumHealthyPercent: number; maximumPercent: number };
}
interface EcsAutoscaling {
  scalableTarget: { MinCapacity: number; MaxCapacity: number };
  scalingPolicy: { TargetTrackingScalingPolicyConfiguration: { TargetValue: number; ScaleInCooldown: number } };
}
interface EcsTaskDefinition {
  cpu: string;
  memory: string;
}

const serviceFile = readDeployJson<EcsService>('ecs/jarvis-service.json');
const scaling = readDeployJson<EcsAutoscaling>('ecs/jarvis-autoscaling.json');
const taskDefinition = readDeployJson<EcsTaskDefinition>('ecs/jarvis-task-definition.json');
/** Fargate's 1024 CPU units are one vCPU: the task's reservation in cores. */
const reservedCores = Number(taskDefinition.cpu) / 1024;
/** ECS starts up to maximumPercent − 100% extra tasks at once during a deployment. */
const maxSurge = Math.max(1, Math.floor((serviceFile.desiredCount * (serviceFile.deploymentConfiguration.maximumPercent - 100)) / 100));

describe('JARVIS as ECS tasks on the local platform (real processes behind a load balancer)', () => {
  const service = new LocalService({ name: 'jarvis-ecs' });
  /** CPU and memory of the task processes, measured while the autoscaler ran (rightsizing input). */
  const measured = { cpuCores: [] as number[], memoryMb: [] as number[] };

  beforeAll(async () => {
    await service.start(jarvisVersion('v1'), serviceFile.desiredCount);
  }, 30_000);
  afterAll(() => service.stop(), 30_000);

  test('[CLOUD-04] a rolling update v1 → v2 under continuous traffic fails no request', async () => {
    const traffic = startTraffic(service.url, { path: '/health' }, { concurrency: 4 });
    const started = performance.now();
    const outcome = await service.rollingUpdate(jarvisVersion('v2'), maxSurge);
    const deploySeconds = (performance.now() - started) / 1000;
    const result = await traffic.stop();
    expect(outcome.rolledBack).toBe(false);
    expect(service.versions()).toEqual(['v2']);
    expect(result.byVersion.v1).toBeGreaterThan(0);
    expect(result.byVersion.v2).toBeGreaterThan(0);
    expectMetric({
      name: 'cloud.ecs.rolling_update.failed_requests',
      unit: 'failed requests',
      threshold: 'count==0',
      value: result.failed,
      target: 'Rolling updates with zero downtime',
      details: { requests: result.total, byVersion: result.byVersion, failures: result.failures, tasks: serviceFile.desiredCount },
    });
    recordMetric({
      name: 'cloud.ecs.rolling_update_deployment_time',
      unit: 's',
      value: deploySeconds,
      details: { platform: 'local processes (the live ECS deployment is not run here)', tasks: serviceFile.desiredCount },
    });
  }, 60_000);

  test('[CLOUD-05] a release that fails its health check is rolled back by the circuit breaker, still with no failed request', async () => {
    const traffic = startTraffic(service.url, { path: '/health' }, { concurrency: 4 });
    const outcome = await service.rollingUpdate(brokenJarvisVersion('v3-broken'), maxSurge);
    const result = await traffic.stop();
    expect(outcome.rolledBack).toBe(true);
    expect(outcome.reason).toMatch(/exited|health/);
    expect(service.versions()).toEqual(['v2']);
    expect(service.list('stable')).toHaveLength(serviceFile.desiredCount);
    expect(result.byVersion['v3-broken']).toBeUndefined();
    expectMetric({
      name: 'cloud.ecs.rollback.failed_requests',
      unit: 'failed requests',
      threshold: 'count==0',
      value: result.failed,
      target: 'Automatic rollback on health check failure',
      details: { requests: result.total, reason: outcome.reason?.split('\n')[0] },
    });
  }, 60_000);

  test('[CLOUD-03] measured CPU of the tasks (real, from /proc) drives the scaling decisions (out above 80% of 512 CPU units) and the tasks return to 2 when it falls', async () => {
    const clock = new SimulatedClock();
    const policy = scaling.scalingPolicy.TargetTrackingScalingPolicyConfiguration;
    const autoscaler = new TargetTrackingAutoscaler(
      {
        minReplicas: scaling.scalableTarget.MinCapacity,
        maxReplicas: scaling.scalableTarget.MaxCapacity,
        targetPercent: policy.TargetValue,
        periodMs: 60_000,
        scaleInCooldownMs: policy.ScaleInCooldown * 1000,
        // Target tracking on ECS has no dead band: above the target is a scale-out.
        tolerance: 0,
      },
      {
        replicas: () => service.list('stable').length,
        utilisation: async () => {
          const usage = await service.usage(600);
          for (const replica of usage) {
            measured.cpuCores.push(replica.cores);
            measured.memoryMb.push(replica.memoryMb);
          }
          return (usage.reduce((sum, replica) => sum + replica.cores, 0) / usage.length / reservedCores) * 100;
        },
        scaleTo: (count) => service.scaleTo(count),
      },
      clock,
    );
    autoscaler.start();
    // Logins are scrypt-hashed by JARVIS: real CPU work in the task processes.
    const login = {
      path: '/api/auth/login',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: OPERATOR.username, password: OPERATOR.password }),
    };
    const load = startTraffic(service.url, login, { concurrency: 12 });
    let peak = 0;
    for (let minute = 0; minute < 5 && peak <= scaling.scalableTarget.MinCapacity; minute += 1) {
      await clock.advance(60_000, () => autoscaler.idle());
      peak = Math.max(peak, service.list('stable').length);
    }
    const loadResult = await load.stop();
    for (let minute = 0; minute < 12 && service.list('stable').length > scaling.scalableTarget.MinCapacity; minute += 1) {
      await clock.advance(60_000, () => autoscaler.idle());
    }
    autoscaler.stop();
    const counts = autoscaler.decisions.flatMap((decision) => [decision.from, decision.to]);
    // Every decision follows the measured CPU: out exactly when above the 80% target (below the
    // maximum), never out otherwise. How far CPU climbs depends on the free cores of the machine;
    // the full 2 → 5 range is driven by injected samples in the next test.
    for (const decision of autoscaler.decisions) {
      if (decision.to > decision.from) expect(decision.utilisation).toBeGreaterThan(policy.TargetValue);
      if (decision.utilisation > policy.TargetValue && decision.from < scaling.scalableTarget.MaxCapacity) expect(decision.to).toBeGreaterThan(decision.from);
    }
    expect(autoscaler.decisions.some((decision) => decision.utilisation > 0)).toBe(true);
    expect(service.list('stable')).toHaveLength(scaling.scalableTarget.MinCapacity);
    const details = { cpuSource: 'measured /proc CPU of the JARVIS task processes under scrypt login load', decisions: autoscaler.decisions, peak, loadRequests: loadResult.total };
    expectMetric({ name: 'cloud.ecs.autoscaling.tasks_min', unit: 'tasks', threshold: 'min>=2', samples: counts, target: 'Auto-scaling: 2 to 5 tasks based on CPU >80%', details });
    expectMetric({ name: 'cloud.ecs.autoscaling.tasks_max', unit: 'tasks', threshold: 'max<=5', samples: counts, target: 'Auto-scaling: 2 to 5 tasks based on CPU >80%', details });
  }, 90_000);

  test('[CLOUD-03] injected CPU samples (a 30-minute load profile: 95% → 400% → 10%) move the tasks within 2..5 and never outside', async () => {
    const clock = new SimulatedClock();
    const policy = scaling.scalingPolicy.TargetTrackingScalingPolicyConfiguration;
    const profile = [95, 400, 400, 400, 10, 10, 10, 10, 10, 10, 10, 10, 1, 1, 1];
    let minute = 0;
    const autoscaler = new TargetTrackingAutoscaler(
      {
        minReplicas: scaling.scalableTarget.MinCapacity,
        maxReplicas: scaling.scalableTarget.MaxCapacity,
        targetPercent: policy.TargetValue,
        periodMs: 60_000,
        scaleInCooldownMs: policy.ScaleInCooldown * 1000,
        tolerance: 0,
      },
      { replicas: () => service.list('stable').length, utilisation: async () => profile[Math.min(minute++, profile.length - 1)], scaleTo: (count) => service.scaleTo(count) },
      clock,
    );
    autoscaler.start();
    await clock.advance(profile.length * 60_000, () => autoscaler.idle());
    autoscaler.stop();
    const counts = autoscaler.decisions.flatMap((decision) => [decision.from, decision.to]);
    expect(Math.max(...counts)).toBe(scaling.scalableTarget.MaxCapacity);
    expect(service.list('stable')).toHaveLength(scaling.scalableTarget.MinCapacity);
    const details = { cpuSource: 'injected CPU samples; the task processes are real and were started and stopped', decisions: autoscaler.decisions };
    expectMetric({
      name: 'cloud.ecs.autoscaling.injected.tasks_min',
      unit: 'tasks',
      threshold: 'min>=2',
      samples: counts,
      target: 'Auto-scaling: 2 to 5 tasks based on CPU >80%',
      details,
    });
    expectMetric({
      name: 'cloud.ecs.autoscaling.injected.tasks_max',
      unit: 'tasks',
      threshold: 'max<=5',
      samples: counts,
      target: 'Auto-scaling: 2 to 5 tasks based on CPU >80%',
      details,
    });
  }, 60_000);

  test('[CLOUD-36] rightsizing recommendations come from the measured CPU and memory of the JARVIS tasks', () => {
    expect(measured.cpuCores.length).toBeGreaterThan(0);
    const current = { cpuUnits: Number(taskDefinition.cpu), memoryMb: Number(taskDefinition.memory) };
    const recommendation = rightsizeFargateTask(current, measured);
    expect(recommendation.memoryPeakPercent).toBeGreaterThan(0);
    expect(recommendation.reason).toMatch(/p95 CPU \d+%, peak memory \d+%/);
    // The recommended size holds the measured peak memory and p95 CPU with 30% headroom.
    const cpuP95 = [...measured.cpuCores].sort((a, b) => a - b)[Math.ceil(0.95 * measured.cpuCores.length) - 1];
    expect(recommendation.recommended.memoryMb * 0.7).toBeGreaterThanOrEqual(Math.max(...measured.memoryMb));
    expect((recommendation.recommended.cpuUnits / 1024) * 0.7).toBeGreaterThanOrEqual(Math.min(cpuP95, 0.7));
    recordMetric({
      name: 'cloud.cost.rightsizing',
      unit: 'CPU units',
      value: recommendation.recommended.cpuUnits,
      details: { ...recommendation, samples: measured.cpuCores.length, peakMemoryMb: Math.max(...measured.memoryMb) },
    });
  });
});
