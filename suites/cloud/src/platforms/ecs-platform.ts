import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { readDeployJson } from '../artifacts/deploy-files';
import type { DeploymentStatus, PlatformAdapter } from './platform-adapter';

/**
 * JARVIS on AWS ECS Fargate (live mode only): registers deploy/ecs/jarvis-task-definition.json
 * with the image tag as the version, and creates or updates deploy/ecs/jarvis-service.json in
 * ECS_CLUSTER on ECS_SUBNETS.
 */
export class EcsPlatform implements PlatformAdapter {
  readonly platform = 'ecs' as const;
  private readonly client = new ECSClient({});
  private readonly cluster = process.env.ECS_CLUSTER ?? '';
  private readonly service = readDeployJson<CreateServiceCommandInput>('ecs/jarvis-service.json');
  private created = false;

  constructor(private readonly imageRepository: string) {}

  async deploy(version: string, replicas: number): Promise<DeploymentStatus> {
    const task = readDeployJson<RegisterTaskDefinitionCommandInput>('ecs/jarvis-task-definition.json');
    task.containerDefinitions = task.containerDefinitions?.map((container) => ({ ...container, image: `${this.imageRepository}:${version}` }));
    const registered = await this.client.send(new RegisterTaskDefinitionCommand(task));
    const taskDefinition = registered.taskDefinition?.taskDefinitionArn;
    const network = {
      awsvpcConfiguration: {
        subnets: (process.env.ECS_SUBNETS ?? '').split(','),
        securityGroups: process.env.ECS_SECURITY_GROUPS?.split(','),
        assignPublicIp: 'DISABLED' as const,
      },
    };
    if (!this.created) {
      await this.client.send(new CreateServiceCommand({ ...this.service, cluster: this.cluster, taskDefinition, desiredCount: replicas, networkConfiguration: network }));
      this.created = true;
    } else {
      await this.client.send(new UpdateServiceCommand({ cluster: this.cluster, service: this.service.serviceName, taskDefinition, desiredCount: replicas }));
    }
    return this.status();
  }

  async scale(replicas: number): Promise<void> {
    await this.client.send(new UpdateServiceCommand({ cluster: this.cluster, service: this.service.serviceName, desiredCount: replicas }));
  }

  async status(): Promise<DeploymentStatus> {
    const described = await this.client.send(new DescribeServicesCommand({ cluster: this.cluster, services: [this.service.serviceName ?? ''] }));
    const service = described.services?.[0];
    return {
      desired: service?.desiredCount ?? 0,
      running: service?.runningCount ?? 0,
      versions: (service?.deployments ?? []).map((deployment) => deployment.taskDefinition ?? ''),
    };
  }

  async remove(): Promise<void> {
    await this.client.send(new DeleteServiceCommand({ cluster: this.cluster, service: this.service.serviceName, force: true }));
  }
}
