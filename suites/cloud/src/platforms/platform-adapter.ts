/** What every platform (local processes, ECS, Cloud Run, Kubernetes) answers about a deployed service. */
export interface DeploymentStatus {
  desired: number;
  running: number;
  versions: string[];
  url?: string;
}

/**
 * One interface over the local platform and the real clouds: the suite's checks run against
 * the local platform always, and against ECS / Cloud Run / Kubernetes in live mode.
 */
export interface PlatformAdapter {
  readonly platform: 'local' | 'ecs' | 'cloud-run' | 'kubernetes';
  deploy(version: string, replicas: number): Promise<DeploymentStatus>;
  scale(replicas: number): Promise<void>;
  status(): Promise<DeploymentStatus>;
  remove(): Promise<void>;
}
