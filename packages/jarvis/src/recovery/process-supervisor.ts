/**
 * How JARVIS starts, stops and restarts a service. The child-process implementation runs local
 * processes; a Kubernetes (delete pod) or ECS (stop task) adapter implements the same interface.
 */
export interface ProcessSpec {
  command: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

export interface ProcessExit {
  pid: number;
  code: number | null;
  signal: string | null;
  at: number;
}

export interface ProcessInfo {
  name: string;
  pid: number | undefined;
  running: boolean;
  startedAt: number | null;
  restarts: number;
  exits: ProcessExit[];
}

export interface ProcessSupervisor {
  start(name: string): Promise<ProcessInfo>;
  stop(name: string): Promise<ProcessExit | undefined>;
  restart(name: string): Promise<ProcessInfo>;
  info(name: string): ProcessInfo | undefined;
  has(name: string): boolean;
  close(): Promise<void>;
}
