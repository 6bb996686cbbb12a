import { readDeployYaml } from '../artifacts/deploy-files';
import { googleAccessToken } from './google-access-token';
import type { DeploymentStatus, PlatformAdapter } from './platform-adapter';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * JARVIS on Cloud Run (live mode only), through Cloud Run's Knative serving API with
 * deploy/cloud-run/jarvis-service.yaml; the image tag is the version.
 */
export class CloudRunPlatform implements PlatformAdapter {
  readonly platform = 'cloud-run' as const;
  private readonly project = process.env.GOOGLE_CLOUD_PROJECT ?? '';
  private readonly region = process.env.CLOUD_RUN_REGION ?? 'us-central1';
  private readonly manifest = readDeployYaml('cloud-run/jarvis-service.yaml')[0] as Json;

  constructor(private readonly imageRepository: string) {}

  async deploy(version: string, replicas: number): Promise<DeploymentStatus> {
    const service = structuredClone(this.manifest);
    service.metadata.namespace = this.project;
    service.spec.template.metadata.name = `${service.metadata.name}-${version}`;
    service.spec.template.metadata.annotations['autoscaling.knative.dev/minScale'] = String(replicas);
    service.spec.template.spec.containers[0].image = `${this.imageRepository}:${version}`;
    // A first deployment has no blue revision to split with: all traffic to the latest.
    service.spec.traffic = [{ latestRevision: true, percent: 100 }];
    const existing = await this.call('GET', `/${service.metadata.name}`).then(
      () => true,
      () => false,
    );
    await this.call(existing ? 'PUT' : 'POST', existing ? `/${service.metadata.name}` : '', service);
    return this.status();
  }

  async scale(replicas: number): Promise<void> {
    const current = await this.call('GET', `/${this.manifest.metadata.name}`);
    current.spec.template.metadata.annotations['autoscaling.knative.dev/minScale'] = String(replicas);
    await this.call('PUT', `/${this.manifest.metadata.name}`, current);
  }

  async status(): Promise<DeploymentStatus> {
    const service = await this.call('GET', `/${this.manifest.metadata.name}`);
    const ready = (service.status?.conditions ?? []).some((condition: Json) => condition.type === 'Ready' && condition.status === 'True');
    const desired = Number(service.spec.template.metadata.annotations?.['autoscaling.knative.dev/minScale'] ?? 1);
    return { desired, running: ready ? desired : 0, versions: (service.status?.traffic ?? []).map((route: Json) => route.revisionName), url: service.status?.url };
  }

  async remove(): Promise<void> {
    await this.call('DELETE', `/${this.manifest.metadata.name}`);
  }

  private async call(method: string, suffix: string, body?: Json): Promise<Json> {
    const url = `https://${this.region}-run.googleapis.com/apis/serving.knative.dev/v1/namespaces/${this.project}/services${suffix}`;
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${await googleAccessToken()}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`Cloud Run ${method} ${suffix || '/'} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as Json;
  }
}
