import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { orchEnvironment } from '../environment/orch-environment';

/**
 * Pid files of locally started servers. Each entry names the owning process; a later run reaps
 * entries whose owner is gone (a run killed half-way), so no server or temp dir outlives it.
 */
export interface RegistryEntry {
  id: string;
  ownerPid: number;
  service: string;
  pids: number[];
  directories: string[];
  /** A postgres data dir to stop with pg_ctl (a postmaster restarts nothing, but pg_ctl is clean). */
  postgresDataDirectory?: string;
  createdAt: string;
}

export function registryDirectory(): string {
  return orchEnvironment().serviceRegistry ?? path.join(os.tmpdir(), 'test-orchestrator-services');
}

export function registerEntry(entry: RegistryEntry): void {
  fs.mkdirSync(registryDirectory(), { recursive: true });
  fs.writeFileSync(path.join(registryDirectory(), `${entry.id}.json`), JSON.stringify(entry, null, 2));
}

export function updateEntry(id: string, update: Partial<RegistryEntry>): void {
  const file = path.join(registryDirectory(), `${id}.json`);
  const current = JSON.parse(fs.readFileSync(file, 'utf8')) as RegistryEntry;
  fs.writeFileSync(file, JSON.stringify({ ...current, ...update }, null, 2));
}

export function unregisterEntry(id: string): void {
  fs.rmSync(path.join(registryDirectory(), `${id}.json`), { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function killAndRemove(entry: RegistryEntry): void {
  for (const pid of entry.pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (entry.postgresDataDirectory) {
    const postmasterPid = readPostmasterPid(entry.postgresDataDirectory);
    if (postmasterPid) {
      try {
        process.kill(postmasterPid, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
  }
  for (const directory of entry.directories) fs.rmSync(directory, { recursive: true, force: true });
}

export function readPostmasterPid(dataDirectory: string): number | undefined {
  try {
    const first = fs.readFileSync(path.join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0];
    const pid = Number(first);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Reaps entries left by dead owners. Returns how many were reaped. */
export function reapOrphans(): number {
  const directory = registryDirectory();
  if (!fs.existsSync(directory)) return 0;
  let reaped = 0;
  for (const file of fs.readdirSync(directory)) {
    if (!file.endsWith('.json')) continue;
    let entry: RegistryEntry;
    try {
      entry = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as RegistryEntry;
    } catch {
      fs.rmSync(path.join(directory, file), { force: true });
      continue;
    }
    if (isAlive(entry.ownerPid)) continue;
    killAndRemove(entry);
    fs.rmSync(path.join(directory, file), { force: true });
    reaped += 1;
  }
  return reaped;
}

export function commandExists(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
