import type { SafetyGuard } from '../safety/safety-guard';
import type { GitWatcher } from './git-watcher';
import type { ReleaseEnvironment } from './release-environment';

export type DeploymentOutcome = 'succeeded' | 'aborted-at-staging' | 'rolled-back';

export interface DeploymentRecord {
  commit: string;
  outcome: DeploymentOutcome;
  steps: Array<{ step: string; ok: boolean; detail: string }>;
  productionAfter: string | undefined;
}

export interface DeploymentPipelineOptions {
  watcher: GitWatcher;
  staging: ReleaseEnvironment;
  production: ReleaseEnvironment;
  guard: SafetyGuard;
  /** Post-deploy validation: this many consecutive healthy answers (default 3). */
  validationChecks?: number;
  validationSpacingMs?: number;
}

const realDelay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Git-driven deployments: a new commit → staging → staging checks → production → post-deploy
 * validation → marked successful. A failed staging check aborts (staging goes back to the last
 * good release, production is never touched); a failed production release is replaced by the
 * previous one automatically. Every step goes through the safety guard into the audit trail.
 */
export class DeploymentPipeline {
  readonly history: DeploymentRecord[] = [];
  private lastGood: string | undefined;

  constructor(private readonly options: DeploymentPipelineOptions) {}

  /** Deploys the initial release to both environments without the checks (bootstrap). */
  async bootstrap(commit: string): Promise<void> {
    await this.options.staging.deploy(commit);
    await this.options.production.deploy(commit);
    this.lastGood = commit;
    this.options.watcher.acknowledge(commit);
  }

  /** One control-loop duty: deploys a new commit if there is one. */
  async tick(): Promise<DeploymentRecord | undefined> {
    const commit = await this.options.watcher.poll();
    return commit ? this.deploy(commit) : undefined;
  }

  async deploy(commit: string): Promise<DeploymentRecord> {
    const { staging, production } = this.options;
    const record: DeploymentRecord = { commit, outcome: 'succeeded', steps: [], productionAfter: undefined };
    const step = async (name: string, command: string, target: string, action: () => Promise<boolean>, detail: string): Promise<boolean> => {
      const ok = await this.options.guard
        .run({ command, actor: 'deployment-pipeline', target, detail: { commit, step: name } }, async () => {
          const passed = await action();
          if (!passed) throw new Error(`${name} failed: ${detail}`);
          return passed;
        })
        .catch(() => false);
      record.steps.push({ step: name, ok, detail });
      return ok;
    };
    const stagingOk =
      (await step('staging-deploy', 'deploy-staging', 'staging', async () => (await staging.deploy(commit), true), 'release started on staging')) &&
      (await step('staging-checks', 'deploy-staging', 'staging', () => this.validate(staging), 'health checks on staging'));
    if (!stagingOk) {
      if (this.lastGood)
        await step('rollback-staging', 'rollback', 'staging', async () => (await staging.deploy(this.lastGood!), staging.healthy()), `staging back to ${this.lastGood}`);
      return this.finish(record, 'aborted-at-staging');
    }
    const previous = production.current;
    const productionOk =
      (await step('production-deploy', 'deploy-production', 'production', async () => (await production.deploy(commit), true), 'release started on production')) &&
      (await step('post-deploy-validation', 'deploy-production', 'production', () => this.validate(production), 'health checks on production'));
    if (!productionOk) {
      if (previous)
        await step('rollback-production', 'rollback', 'production', async () => (await production.deploy(previous), this.validate(production)), `production back to ${previous}`);
      return this.finish(record, 'rolled-back');
    }
    this.lastGood = commit;
    record.steps.push({ step: 'marked-successful', ok: true, detail: commit });
    this.options.guard.audit.append({
      actor: 'deployment-pipeline',
      operation: 'deploy-production',
      target: 'production',
      outcome: 'succeeded',
      detail: { commit, step: 'marked-successful' },
    });
    return this.finish(record, 'succeeded');
  }

  private finish(record: DeploymentRecord, outcome: DeploymentOutcome): DeploymentRecord {
    record.outcome = outcome;
    record.productionAfter = this.options.production.current;
    this.history.push(record);
    return record;
  }

  private async validate(environment: ReleaseEnvironment): Promise<boolean> {
    const checks = this.options.validationChecks ?? 3;
    for (let i = 0; i < checks; i += 1) {
      if (i > 0) await realDelay(this.options.validationSpacingMs ?? 100);
      if (!(await environment.healthy())) return false;
    }
    return true;
  }
}
