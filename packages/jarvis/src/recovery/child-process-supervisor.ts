import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { realClock, type Clock } from '../clock/clock';
import { JarvisError } from '../errors/jarvis-error';
import type { ProcessExit, ProcessInfo, ProcessSpec, ProcessSupervisor } from './process-supervisor';
import { OrphanWatchdog } from './orphan-watchdog';
import { readProcessUsage, type CpuSample } from './process-usage';

export interface ChildProcessSupervisorOptions {
  processes: Record<string, ProcessSpec>;
  clock?: Clock;
  /** Real ms to wait after SIGTERM before SIGKILL (stopping a process is a real-time act). */
  stopTimeoutMs?: number;
  /** Bytes of stdout/stderr kept per process for diagnosis. */
  outputTailBytes?: number;
  /** Kill the supervised process groups when this process dies, by any path (default true; orphan-watchdog.ts). */
  killOnParentDeath?: boolean;
}

interface Managed {
  spec: ProcessSpec;
  child: ChildProcess | undefined;
  info: ProcessInfo;
  output: string;
  cpu: CpuSample | undefined;
  lastCpuPercent?: number;
  exited: Promise<ProcessExit> | undefined;
  /** Set while JARVIS itself stops the process, so its exit is not taken for a crash. */
  stopping: boolean;
}

export interface ChildProcessSupervisorEvents {
  spawn: [ProcessInfo];
  /** `expected` is false for a crash (an exit JARVIS did not ask for). */
  exit: [{ name: string; expected: boolean } & ProcessExit];
}

/**
 * Runs services as local child processes: really spawns them, kills them (SIGTERM, then SIGKILL
 * to the whole process group) and restarts them, reporting pid and exit status.
 */
export class ChildProcessSupervisor extends EventEmitter<ChildProcessSupervisorEvents> implements ProcessSupervisor {
  private readonly clock: Clock;
  private readonly stopTimeoutMs: number;
  private readonly outputTailBytes: number;
  private readonly managed = new Map<string, Managed>();
  private closed = false;
  private readonly watchdog: OrphanWatchdog | undefined;

  constructor(options: ChildProcessSupervisorOptions) {
    super();
    this.watchdog = options.killOnParentDeath === false ? undefined : new OrphanWatchdog();
    this.clock = options.clock ?? realClock;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
    this.outputTailBytes = options.outputTailBytes ?? 8_192;
    for (const [name, spec] of Object.entries(options.processes)) {
      this.managed.set(name, {
        spec,
        child: undefined,
        info: { name, pid: undefined, running: false, startedAt: null, restarts: 0, exits: [] },
        output: '',
        cpu: undefined,
        exited: undefined,
        stopping: false,
      });
    }
  }

  has(name: string): boolean {
    return this.managed.has(name);
  }

  info(name: string): ProcessInfo | undefined {
    const managed = this.managed.get(name);
    return managed ? { ...managed.info, exits: [...managed.info.exits] } : undefined;
  }

  /** The last bytes the process wrote to stdout and stderr. */
  output(name: string): string {
    return this.get(name).output;
  }

  /** CPU (null until two samples a second apart exist) and memory of the running process. */
  usage(name: string): { cpuPercent: number | null; memoryPercent: number } | undefined {
    const managed = this.managed.get(name);
    const pid = managed?.info.running ? managed.info.pid : undefined;
    if (!managed || pid === undefined) return undefined;
    const usage = readProcessUsage(pid, managed.cpu);
    if (!usage) return undefined;
    managed.cpu = usage.sample;
    if (usage.cpuPercent !== null) managed.lastCpuPercent = usage.cpuPercent;
    return { cpuPercent: managed.lastCpuPercent ?? null, memoryPercent: usage.memoryPercent };
  }

  async start(name: string): Promise<ProcessInfo> {
    const managed = this.get(name);
    if (this.closed) throw new Error('supervisor is closed');
    if (managed.info.running) return this.info(name)!;
    const child = spawn(managed.spec.command, managed.spec.args ?? [], {
      cwd: managed.spec.cwd,
      env: { ...process.env, ...managed.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a stop reaches grandchildren (a shell, a package runner) too.
      detached: true,
    });
    const keep = (chunk: Buffer): void => {
      managed.output = (managed.output + chunk.toString('utf8')).slice(-this.outputTailBytes);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    if (child.pid !== undefined) this.watchdog?.watch(child.pid);
    managed.child = child;
    managed.stopping = false;
    managed.cpu = undefined;
    managed.lastCpuPercent = undefined;
    managed.info = { ...managed.info, pid: child.pid, running: true, startedAt: this.clock.now() };
    managed.exited = new Promise<ProcessExit>((resolve) => {
      child.once('exit', (code, signal) => {
        const exit: ProcessExit = { pid: child.pid ?? -1, code, signal, at: this.clock.now() };
        const expected = managed.stopping;
        managed.stopping = false;
        managed.info = { ...managed.info, running: false, exits: [...managed.info.exits, exit].slice(-20) };
        managed.child = undefined;
        // Whatever the leader left behind in its group goes with it.
        signalGroup(child, 'SIGKILL');
        if (child.pid !== undefined) this.watchdog?.forget(child.pid);
        this.emit('exit', { name, expected, ...exit });
        resolve(exit);
      });
    });
    this.emit('spawn', this.info(name)!);
    return this.info(name)!;
  }

  async stop(name: string): Promise<ProcessExit | undefined> {
    const managed = this.get(name);
    const child = managed.child;
    if (!child || !managed.info.running || !managed.exited) return undefined;
    const exited = managed.exited;
    managed.stopping = true;
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), this.stopTimeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }

  async restart(name: string): Promise<ProcessInfo> {
    const managed = this.get(name);
    await this.stop(name);
    const info = await this.start(name);
    managed.info = { ...managed.info, restarts: managed.info.restarts + 1 };
    return { ...info, restarts: managed.info.restarts };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.managed.keys()].map((name) => this.stop(name)));
    this.watchdog?.close();
    this.removeAllListeners();
  }

  private get(name: string): Managed {
    const managed = this.managed.get(name);
    if (!managed) throw new JarvisError('RECOVERY_UNAVAILABLE', `no process is configured for service "${name}"`, { service: name });
    return managed;
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}
