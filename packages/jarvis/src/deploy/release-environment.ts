import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportCommit } from './git-watcher';

export interface ReleaseEnvironmentOptions {
  name: 'staging' | 'production';
  repo: string;
  releasesDirectory: string;
  port: number;
  /** The release's entry file, relative to its tree (default server.js). */
  entry?: string;
  /** Real ms a release gets to start listening. */
  startTimeoutMs?: number;
}

const realDelay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One deployment target running a release as a real process: `deploy(commit)` exports the
 * commit's tree, stops the running release and starts the new one on the environment's port.
 */
export class ReleaseEnvironment {
  current: string | undefined;
  private child: ChildProcess | undefined;
  output = '';

  constructor(readonly options: ReleaseEnvironmentOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  async deploy(commit: string): Promise<void> {
    const directory = path.join(this.options.releasesDirectory, commit);
    if (!fs.existsSync(directory)) await exportCommit(this.options.repo, commit, directory);
    await this.stop();
    this.current = commit;
    const child = spawn(process.execPath, [this.options.entry ?? 'server.js'], {
      cwd: directory,
      env: { ...process.env, PORT: String(this.options.port), DEPLOY_ENV: this.options.name, RELEASE: commit },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-4_096);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await this.waitListening(child);
  }

  /** GET /health: healthy only on a 2xx from the running release. */
  async healthy(): Promise<boolean> {
    if (!this.running()) return false;
    try {
      const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  }

  running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  }

  private async waitListening(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 5_000);
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(500) });
        await response.arrayBuffer();
        return;
      } catch {
        await realDelay(25);
      }
    }
  }
}
