import * as fs from 'node:fs';
import { RegisterTaskDefinitionRequest$, CreateServiceRequest$ } from '@aws-sdk/client-ecs';
import { PutScalingPolicyRequest$, RegisterScalableTargetRequest$ } from '@aws-sdk/client-application-auto-scaling';
import { PutBucketLifecycleConfigurationRequest$, PutBucketReplicationRequest$ } from '@aws-sdk/client-s3';
import { Service as KnativeService } from '@kubernetes-models/knative/serving.knative.dev/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Service } from 'kubernetes-models/v1/Service';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { expectMetric } from '@orch/harness';
import { deployPath, listDeployFiles, readDeployJson, readDeployYaml } from '../src/artifacts/deploy-files';
import { lintDockerfile } from '../src/artifacts/dockerfile-lint';
import { validateAgainstShape } from '../src/artifacts/smithy-shape-validator';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** kubernetes-models validates against the Kubernetes OpenAPI schema of each kind and throws on a violation. */
const KUBERNETES_KINDS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

const SEED_PORTS: Record<string, number> = { 'ai-dawg-producer': 8001, 'ai-dawg-vocal-coach': 8000, 'ai-dawg-brain': 8003 };

describe('deploy/ artifacts against the platforms’ schemas and the seed’s numbers', () => {
  test.each(listDeployFiles('docker', '.Dockerfile'))('%s is multi-stage, runs as a non-root user and has a HEALTHCHECK', (file) => {
    const facts = lintDockerfile(fs.readFileSync(deployPath(file), 'utf8'));
    expect(facts.problems).toEqual([]);
    expect(facts.finalHealthcheck).toMatch(/\/health/);
  });

  test('[CLOUD-02] the ECS task definition is a valid RegisterTaskDefinition input asking Fargate for CPU 512 and memory 1024 MB', () => {
    const task = readDeployJson<Json>('ecs/jarvis-task-definition.json');
    expect(validateAgainstShape(RegisterTaskDefinitionRequest$, task)).toEqual([]);
    expect(task.requiresCompatibilities).toEqual(['FARGATE']);
    expect(task.networkMode).toBe('awsvpc');
    expect(task.containerDefinitions[0].healthCheck.command.join(' ')).toMatch(/\/health/);
    expectMetric({
      name: 'cloud.ecs.task_cpu_units',
      unit: 'CPU units',
      threshold: 'value==512',
      value: Number(task.cpu),
      target: 'CPU: 512, Memory: 1024MB',
      details: { source: 'deploy/ecs/jarvis-task-definition.json, validated against @aws-sdk/client-ecs RegisterTaskDefinitionRequest' },
    });
    expectMetric({
      name: 'cloud.ecs.task_memory_mb',
      unit: 'MB',
      threshold: 'value==1024',
      value: Number(task.memory),
      target: 'CPU: 512, Memory: 1024MB',
      details: { source: 'deploy/ecs/jarvis-task-definition.json' },
    });
  });

  test('[CLOUD-04] [CLOUD-05] the ECS service is a valid CreateService input: rolling update at 100% minimum healthy with circuit-breaker rollback', () => {
    const service = readDeployJson<Json>('ecs/jarvis-service.json');
    expect(validateAgainstShape(CreateServiceRequest$, service)).toEqual([]);
    expect(service.deploymentConfiguration).toMatchObject({ minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: true, rollback: true } });
    expect(service.desiredCount).toBe(2);
  });

  test('[CLOUD-03] ECS auto-scaling is a valid scalable target (2..5 tasks) with a target-tracking policy at 80% CPU', () => {
    const scaling = readDeployJson<Json>('ecs/jarvis-autoscaling.json');
    expect(validateAgainstShape(RegisterScalableTargetRequest$, scaling.scalableTarget)).toEqual([]);
    expect(validateAgainstShape(PutScalingPolicyRequest$, scaling.scalingPolicy)).toEqual([]);
    expect(scaling.scalableTarget).toMatchObject({ MinCapacity: 2, MaxCapacity: 5 });
    expect(scaling.scalingPolicy.TargetTrackingScalingPolicyConfiguration).toMatchObject({
      TargetValue: 80,
      PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
    });
  });

  test('[CLOUD-07] [CLOUD-09] the Cloud Run service is a valid Knative Service: 1..10 instances, 90/10 blue-green split with a tagged canary', () => {
    const [document] = readDeployYaml('cloud-run/jarvis-service.yaml');
    new KnativeService(document as never).validate();
    const service = document as Json;
    const annotations = service.spec.template.metadata.annotations;
    const bounds = [Number(annotations['autoscaling.knative.dev/minScale']), Number(annotations['autoscaling.knative.dev/maxScale'])];
    const traffic = service.spec.traffic as { revisionName: string; percent: number; tag?: string }[];
    expect(traffic.reduce((sum, route) => sum + route.percent, 0)).toBe(100);
    expect(traffic.find((route) => route.tag === 'canary')).toMatchObject({ revisionName: service.spec.template.metadata.name, percent: 10 });
    const details = {
      source: 'deploy/cloud-run/jarvis-service.yaml, validated against the Knative serving schema (@kubernetes-models/knative)',
      note: 'configuration; no Cloud Run project is reachable here',
    };
    expectMetric({
      scenario: 'CLOUD-07',
      name: 'cloud.cloudrun.instances_min',
      unit: 'instances',
      threshold: 'min>=1',
      samples: bounds,
      target: 'Min instances: 1, Max instances: 10',
      details,
    });
    expectMetric({
      scenario: 'CLOUD-07',
      name: 'cloud.cloudrun.instances_max',
      unit: 'instances',
      threshold: 'max<=10',
      samples: bounds,
      target: 'Min instances: 1, Max instances: 10',
      details,
    });
  });

  test.each(listDeployFiles('kubernetes/ai-dawg', '.yaml'))(
    '[CLOUD-12] [CLOUD-13] [CLOUD-14] %s validates against the Kubernetes OpenAPI schema with 3 replicas, HPA 3→10 at 70% CPU, probes, requests/limits, PDB and NetworkPolicy',
    (file) => {
      const documents = readDeployYaml(file) as Json[];
      for (const document of documents) {
        const kind = KUBERNETES_KINDS[`${document.apiVersion}/${document.kind}`];
        expect(kind).toBeDefined();
        new kind(document as never).validate();
      }
      const byKind = (kind: string): Json => documents.find((document) => document.kind === kind) as Json;
      const deployment = byKind('Deployment');
      const name = deployment.metadata.name as string;
      const container = deployment.spec.template.spec.containers[0];
      expect(container.ports[0].containerPort).toBe(SEED_PORTS[name]);
      expect(container.readinessProbe.httpGet.path).toBe('/health');
      expect(container.livenessProbe.httpGet.path).toBe('/health');
      expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      const hpa = byKind('HorizontalPodAutoscaler');
      expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 10, scaleTargetRef: { name } });
      expect(hpa.spec.metrics[0].resource).toMatchObject({ name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } });
      expect(byKind('PodDisruptionBudget').spec.minAvailable).toBeGreaterThanOrEqual(2);
      const policy = byKind('NetworkPolicy');
      expect(policy.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: SEED_PORTS[name] }]);
      expectMetric({
        scenario: 'CLOUD-12',
        name: `cloud.k8s.${name}.replicas_configured`,
        unit: 'replicas',
        threshold: 'value==3',
        value: deployment.spec.replicas,
        target: 'Replicas: 3 per service',
        details: { source: file },
      });
    },
  );

  test('S3 lifecycle (delete after 90 days) and replication to us-west-2 are valid PutBucketLifecycleConfiguration / PutBucketReplication inputs', () => {
    const lifecycle = readDeployJson<Json>('s3/lifecycle-configuration.json');
    const replication = readDeployJson<Json>('s3/replication-configuration.json');
    expect(validateAgainstShape(PutBucketLifecycleConfigurationRequest$, lifecycle)).toEqual([]);
    expect(validateAgainstShape(PutBucketReplicationRequest$, replication)).toEqual([]);
    expect(lifecycle.LifecycleConfiguration.Rules[0].Expiration.Days).toBe(90);
    expect(replication.ReplicationConfiguration.Rules[0].Destination.Bucket).toMatch(/us-west-2/);
  });

  test('the schema check is not vacuous: a misspelt member, a missing required member and a wrong type are caught', () => {
    const task = readDeployJson<Json>('ecs/jarvis-task-definition.json');
    const broken = { ...task, cpus: '512', family: undefined, containerDefinitions: [{ ...task.containerDefinitions[0], essential: 'yes' }] };
    const problems = validateAgainstShape(RegisterTaskDefinitionRequest$, broken);
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/cpus: not a member/), expect.stringMatching(/family: required/), expect.stringMatching(/essential: expected a boolean/)]),
    );
    const [document] = readDeployYaml('kubernetes/ai-dawg/producer.yaml') as Json[];
    expect(() => new Deployment({ ...document, spec: { ...document.spec, replicas: 'three' } } as never).validate()).toThrow(/replicas/);
  });
});
