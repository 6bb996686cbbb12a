import * as fs from 'node:fs';
import * as https from 'node:https';
import { parse } from 'yaml';
import { readDeployYaml } from '../artifacts/deploy-files';
import type { DeploymentStatus, PlatformAdapter } from './platform-adapter';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const COLLECTIONS: Record<string, string> = {
  'apps/v1/Deployment': '/apis/apps/v1/namespaces/NS/deployments',
  'v1/Service': '/api/v1/namespaces/NS/services',
  'autoscaling/v2/HorizontalPodAutoscaler': '/apis/autoscaling/v2/namespaces/NS/horizontalpodautoscalers',
  'policy/v1/PodDisruptionBudget': '/apis/policy/v1/namespaces/NS/poddisruptionbudgets',
  'networking.k8s.io/v1/NetworkPolicy': '/apis/networking.k8s.io/v1/namespaces/NS/networkpolicies',
};

interface ClusterAccess {
  server: string;
  agent: https.Agent;
  token?: string;
}

/** The current context of KUBECONFIG: API server, CA, and a token or client certificate. */
function clusterAccess(file = process.env.KUBECONFIG ?? ''): ClusterAccess {
  const config = parse(fs.readFileSync(file, 'utf8')) as Json;
  const context = config.contexts.find((entry: Json) => entry.name === config['current-context']).context;
  const cluster = config.clusters.find((entry: Json) => entry.name === context.cluster).cluster;
  const user = config.users.find((entry: Json) => entry.name === context.user).user;
  const decode = (data?: string): Buffer | undefined => (data ? Buffer.from(data, 'base64') : undefined);
  const agent = new https.Agent({ ca: decode(cluster['certificate-authority-data']), cert: decode(user['client-certificate-data']), key: decode(user['client-key-data']) });
  return { server: cluster.server, agent, token: user.token };
}

/** An AI DAWG service on Kubernetes (live mode only): applies its manifest from deploy/kubernetes/ai-dawg. */
export class KubernetesPlatform implements PlatformAdapter {
  readonly platform = 'kubernetes' as const;
  private readonly access = clusterAccess();
  private readonly namespace = process.env.KUBERNETES_NAMESPACE ?? 'ai-dawg';
  private readonly documents: Json[];

  constructor(manifest: string) {
    this.documents = readDeployYaml(manifest) as Json[];
  }

  async deploy(version: string, replicas: number): Promise<DeploymentStatus> {
    for (const document of this.documents) {
      const body = structuredClone(document);
      if (body.kind === 'Deployment') {
        body.spec.replicas = replicas;
        body.spec.template.spec.containers[0].image = body.spec.template.spec.containers[0].image.replace(/:[^:]+$/, `:${version}`);
      }
      await this.call('POST', this.collection(body), body).catch(async (error: Error) => {
        if (!/409/.test(error.message)) throw error;
        await this.call('PUT', `${this.collection(body)}/${body.metadata.name}`, body);
      });
    }
    return this.status();
  }

  async scale(replicas: number): Promise<void> {
    await this.call('PATCH', `${this.collection(this.deployment())}/${this.deployment().metadata.name}`, { spec: { replicas } });
  }

  async status(): Promise<DeploymentStatus> {
    const live = await this.call('GET', `${this.collection(this.deployment())}/${this.deployment().metadata.name}`);
    return { desired: live.spec.replicas, running: live.status?.readyReplicas ?? 0, versions: [live.spec.template.spec.containers[0].image] };
  }

  async remove(): Promise<void> {
    for (const document of [...this.documents].reverse()) await this.call('DELETE', `${this.collection(document)}/${document.metadata.name}`).catch(() => undefined);
  }

  private deployment(): Json {
    return this.documents.find((document) => document.kind === 'Deployment') as Json;
  }

  private collection(document: Json): string {
    return COLLECTIONS[`${document.apiVersion}/${document.kind}`].replace('NS', this.namespace);
  }

  private call(method: string, path: string, body?: Json): Promise<Json> {
    const url = new URL(path, this.access.server);
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' };
    if (this.access.token) headers.authorization = `Bearer ${this.access.token}`;
    return new Promise((resolve, reject) => {
      const request = https.request(url, { method, headers, agent: this.access.agent }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          (response.statusCode ?? 500) < 300
            ? resolve(text ? (JSON.parse(text) as Json) : {})
            : reject(new Error(`Kubernetes ${method} ${path} answered ${response.statusCode}: ${text.slice(0, 300)}`)),
        );
      });
      request.on('error', reject);
      request.end(body ? JSON.stringify(body) : undefined);
    });
  }
}
