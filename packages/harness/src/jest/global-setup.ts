import * as fs from 'node:fs';
import * as path from 'node:path';
import { orchEnvironment } from '../environment/orch-environment';
import { ensureRunDirectory } from '../metrics/run-dir';
import { startServices, writeServicesFile, type StartedServices } from '../services/start-services';
import type { ServiceDescription } from '../services/started-service';

interface GlobalWithServices {
  __ORCH_SERVICES__?: StartedServices;
}

/**
 * Jest global setup for the root config: prepares the run directory and starts Postgres, Redis
 * and S3 once for every project. Environment variables set here reach every worker.
 * When the orchestrator already started the services it passes their descriptions in
 * ORCH_SERVICES_JSON and the URLs in the usual variables; then nothing is started here.
 */
export default async function globalSetup(globalConfig: { rootDir: string }): Promise<void> {
  const environment = orchEnvironment();
  const runDirectory = environment.runDir ?? path.join(globalConfig.rootDir, 'reports', '.runtime');
  process.env.ORCH_RUN_DIR = runDirectory;
  process.env.ORCH_REPO_ROOT = environment.repoRoot ?? globalConfig.rootDir;
  fs.rmSync(path.join(runDirectory, 'metrics'), { recursive: true, force: true });
  ensureRunDirectory(runDirectory);
  fs.writeFileSync(path.join(runDirectory, 'run-started.json'), JSON.stringify({ startedAt: new Date().toISOString(), pid: process.pid }));

  if (environment.noServices) {
    writeServicesFile(runDirectory, { descriptions: [], reapedOrphans: 0 });
    return;
  }
  if (environment.servicesJson) {
    const descriptions = JSON.parse(environment.servicesJson) as ServiceDescription[];
    writeServicesFile(runDirectory, { descriptions, reapedOrphans: 0 });
    return;
  }
  const started = await startServices();
  Object.assign(process.env, started.environment);
  (globalThis as GlobalWithServices).__ORCH_SERVICES__ = started;
  writeServicesFile(runDirectory, started);
  const line = started.descriptions.map((service) => `${service.name}: ${service.provider} (${service.readyMs} ms)`).join(', ');
  process.stderr.write(`\n[harness] services ready — ${line}\n`);
  // Stop the services even when the run is interrupted; a SIGKILL is reaped by the next run.
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    void started.stop().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
}
