import { LocalService, type ServiceVersion } from '../local-cloud/local-service';
import type { DeploymentStatus, PlatformAdapter } from './platform-adapter';

/** The platform adapter over real local processes behind a load balancer. */
export class LocalPlatform implements PlatformAdapter {
  readonly platform = 'local' as const;
  private readonly service: LocalService;

  constructor(
    name: string,
    private readonly versionOf: (version: string) => ServiceVersion,
  ) {
    this.service = new LocalService({ name, replaceCrashed: true });
  }

  async deploy(version: string, replicas: number): Promise<DeploymentStatus> {
    if (this.service.list().length === 0) await this.service.start(this.versionOf(version), replicas);
    else await this.service.rollingUpdate(this.versionOf(version));
    return this.status();
  }

  async scale(replicas: number): Promise<void> {
    await this.service.scaleTo(replicas);
  }

  async status(): Promise<DeploymentStatus> {
    const replicas = this.service.list('stable');
    const healthy = await Promise.all(
      replicas.map((replica) =>
        fetch(`${replica.process.url}${replica.version.healthPath ?? '/health'}`).then(
          (response) => response.ok,
          () => false,
        ),
      ),
    );
    return { desired: replicas.length, running: healthy.filter(Boolean).length, versions: this.service.versions(), url: this.service.url };
  }

  remove(): Promise<void> {
    return this.service.stop();
  }
}
