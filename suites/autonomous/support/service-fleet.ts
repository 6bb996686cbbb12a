import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort } from '@orch/harness';
import { ChildProcessSupervisor, httpServiceProbe, type ServiceProbe } from '@orch/jarvis';

export type ServiceMode = 'ok' | 'crash' | 'die-soon' | 'unhealthy';

/**
 * A few real service processes under JARVIS's ChildProcessSupervisor, each on its own port, with
 * a mode file per service that decides how its next start behaves.
 */
export class ServiceFleet {
  private constructor(
    readonly supervisor: ChildProcessSupervisor,
    readonly ports: Record<string, number>,
    private readonly directory: string,
  ) {}

  static async start(names: string[], directory: string): Promise<ServiceFleet> {
    const ports: Record<string, number> = {};
    const processes: ConstructorParameters<typeof ChildProcessSupervisor>[0]['processes'] = {};
    for (const name of names) {
      ports[name] = await freePort();
      processes[name] = {
        command: process.execPath,
        args: [path.join(__dirname, 'managed-service.cjs')],
        env: { PORT: String(ports[name]), NAME: name, MODE_FILE: path.join(directory, `${name}.mode`) },
      };
    }
    const fleet = new ServiceFleet(new ChildProcessSupervisor({ processes, stopTimeoutMs: 2_000 }), ports, directory);
    for (const name of names) await fleet.supervisor.start(name);
    for (const name of names) await fleet.waitHealthy(name);
    return fleet;
  }

  get names(): string[] {
    return Object.keys(this.ports);
  }

  url(name: string): string {
    return `http://127.0.0.1:${this.ports[name]}/health`;
  }

  probes(): ServiceProbe[] {
    return this.names.map((name) => httpServiceProbe(name, this.url(name), 1_000));
  }

  /** How the service behaves the next time it starts. */
  setMode(name: string, mode: ServiceMode): void {
    fs.writeFileSync(path.join(this.directory, `${name}.mode`), mode);
  }

  readonly isHealthy = async (name: string): Promise<boolean> => (await httpServiceProbe(name, this.url(name), 1_000).check()).healthy;

  /** Kills the process from outside, as a crash would (SIGKILL, no clean shutdown). */
  async crash(name: string): Promise<void> {
    const pid = this.supervisor.info(name)?.pid;
    if (pid === undefined) return;
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 5_000;
    while (this.supervisor.info(name)?.running && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  async waitHealthy(name: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.isHealthy(name))) {
      if (Date.now() > deadline) throw new Error(`${name} did not answer healthy within ${timeoutMs} ms: ${this.supervisor.output(name)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    await this.supervisor.close();
  }
}
