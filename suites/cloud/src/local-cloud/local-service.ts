import { performance } from 'node:perf_hooks';
import { startSystemProcess, waitUntil, type StartedSystemProcess } from '@orch/harness';
import { LoadBalancer, type Backend } from './load-balancer';
import { measureCpuCores, processResidentMb } from './process-cpu';

/** One deployable version of a service: a reference-system entry and its environment. */
export interface ServiceVersion {
  version: string;
  entry: string;
  environment?: Record<string, string>;
  /** Answered with 2xx when a replica may take traffic (the readiness probe). */
  healthPath?: string;
}

export interface Replica {
  backend: Backend;
  version: ServiceVersion;
  pool: 'stable' | 'canary';
  process: StartedSystemProcess;
  /** Spawn to first healthy answer, real milliseconds. */
  coldStartMs: number;
  stopping: boolean;
}

/** A crashed replica and its replacement, timed in real time. */
export interface Replacement {
  replicaId: string;
  replacementId?: string;
  exitedAt: number;
  inServiceAt?: number;
  error?: string;
}

export class ReplicaUnhealthyError extends Error {
  readonly code = 'REPLICA_UNHEALTHY';
}

export interface LocalServiceOptions {
  name: string;
  /** How long a new replica has to answer its health check before it counts as failed. */
  readyTimeoutMs?: number;
  /** Replace replicas that exit without being asked to (the scheduler's reconciliation). */
  replaceCrashed?: boolean;
}

/**
 * N replicas of a service as real child processes behind a local load balancer: the local
 * platform under the ECS / Cloud Run / Kubernetes adapters. Replicas leave the balancer before
 * they are stopped and only join it once their health check answers 2xx.
 */
export class LocalService {
  readonly balancer = new LoadBalancer();
  readonly replacements: Replacement[] = [];
  private readonly replicas = new Map<string, Replica>();
  private sequence = 0;
  private canaryWeight = 0;
  private closed = false;
  private readonly pendingReplacements = new Set<Promise<void>>();
  private readonly pendingStarts = new Set<Promise<unknown>>();
  url = '';

  constructor(private readonly options: LocalServiceOptions) {}

  /** Opens the balancer: the service's address is known before any replica runs (like a DNS name). */
  async listen(): Promise<string> {
    if (!this.url) this.url = await this.balancer.listen();
    return this.url;
  }

  async start(version: ServiceVersion, count: number): Promise<void> {
    await this.listen();
    await Promise.all(Array.from({ length: count }, () => this.addReplica(version, 'stable')));
  }

  list(pool?: 'stable' | 'canary'): Replica[] {
    return [...this.replicas.values()].filter((replica) => !replica.stopping && (!pool || replica.pool === pool));
  }

  versions(): string[] {
    return [...new Set(this.list('stable').map((replica) => replica.version.version))];
  }

  /** Starts one replica, waits for its health check, then puts it in service. */
  async addReplica(version: ServiceVersion, pool: 'stable' | 'canary'): Promise<Replica> {
    const starting = this.startReplica(version, pool);
    this.pendingStarts.add(starting);
    try {
      return await starting;
    } finally {
      this.pendingStarts.delete(starting);
    }
  }

  private async startReplica(version: ServiceVersion, pool: 'stable' | 'canary'): Promise<Replica> {
    const id = `${this.options.name}-${version.version}-${++this.sequence}`;
    const started = performance.now();
    const child = await startSystemProcess({
      name: id,
      entry: version.entry,
      environment: { LOG_LEVEL: 'silent', ...version.environment },
      healthPath: version.healthPath ?? '/health',
      readyTimeoutMs: this.options.readyTimeoutMs ?? 30_000,
    });
    try {
      await waitUntil(async () => (await fetch(`${child.url}${version.healthPath ?? '/health'}`, { signal: AbortSignal.timeout(2_000) })).ok, {
        timeoutMs: this.options.readyTimeoutMs ?? 30_000,
        intervalMs: 50,
        what: `${id} health check`,
      });
    } catch (error) {
      await child.stop();
      throw new ReplicaUnhealthyError(`${id} failed its health check: ${(error as Error).message}`);
    }
    if (this.closed) {
      // The service was stopped while this replica started (a failed sibling start, a test timeout).
      await child.stop();
      throw new ReplicaUnhealthyError(`${id} became ready after its service was stopped`);
    }
    const replica: Replica = {
      backend: { id, version: version.version, port: child.port, inFlight: 0 },
      version,
      pool,
      process: child,
      coldStartMs: performance.now() - started,
      stopping: false,
    };
    this.replicas.set(id, replica);
    child.child.once('exit', () => {
      const replacing = this.onExit(replica);
      this.pendingReplacements.add(replacing);
      void replacing.finally(() => this.pendingReplacements.delete(replacing));
    });
    this.publish();
    return replica;
  }

  /** Takes a replica out of the balancer, lets its in-flight requests finish, then stops it. */
  async drain(replica: Replica): Promise<void> {
    replica.stopping = true;
    this.publish();
    await waitUntil(async () => replica.backend.inFlight === 0, { timeoutMs: 10_000, intervalMs: 10, what: `${replica.backend.id} drained` }).catch(() => undefined);
    await replica.process.stop();
    this.replicas.delete(replica.backend.id);
  }

  async scaleTo(count: number, version: ServiceVersion = this.list('stable')[0].version): Promise<void> {
    const current = this.list('stable');
    if (count > current.length) {
      await Promise.all(Array.from({ length: count - current.length }, () => this.addReplica(version, 'stable')));
    } else {
      await Promise.all(current.slice(count).map((replica) => this.drain(replica)));
    }
  }

  /**
   * Rolling update in batches of `maxSurge` new replicas (max unavailable 0): each batch is
   * started and health-checked, then as many old replicas are drained. ECS with 100% minimum
   * healthy / 200% maximum surges a whole service at once; the Kubernetes manifests surge 1. A
   * new replica that fails its health check trips the circuit breaker: the new version's
   * replicas are drained and the previous version is restored to the original count.
   */
  async rollingUpdate(next: ServiceVersion, maxSurge = 1): Promise<{ rolledBack: boolean; reason?: string }> {
    const previous = this.list('stable');
    const count = previous.length;
    const started: Replica[] = [];
    for (let index = 0; index < previous.length; index += maxSurge) {
      const batch = previous.slice(index, index + maxSurge);
      const outcomes = await Promise.allSettled(batch.map(() => this.addReplica(next, 'stable')));
      started.push(...outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : [])));
      const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failure) {
        const missing = count - this.list('stable').filter((replica) => replica.version.version !== next.version).length;
        await Promise.all(Array.from({ length: missing }, () => this.addReplica(previous[0].version, 'stable')));
        await Promise.all(started.map((replica) => this.drain(replica)));
        return { rolledBack: true, reason: (failure.reason as Error).message };
      }
      await Promise.all(batch.map((old) => this.drain(old)));
    }
    return { rolledBack: false };
  }

  /** Blue-green: the new version beside the old one, taking `percent` of the traffic. */
  async startCanary(version: ServiceVersion, percent: number, count = 1): Promise<void> {
    this.canaryWeight = percent;
    await Promise.all(Array.from({ length: count }, () => this.addReplica(version, 'canary')));
  }

  async rollbackCanary(): Promise<void> {
    this.canaryWeight = 0;
    await Promise.all(this.list('canary').map((replica) => this.drain(replica)));
  }

  /** SIGKILLs a replica the way a node failure would; the service notices through the exit. */
  kill(replica: Replica): void {
    replica.process.child.kill('SIGKILL');
  }

  /** CPU in cores and resident memory per in-service replica, measured over a real window. */
  async usage(windowMs = 500): Promise<{ id: string; cores: number; memoryMb: number }[]> {
    const replicas = this.list('stable');
    const cores = await measureCpuCores(
      replicas.map((replica) => replica.process.pid),
      windowMs,
    );
    return replicas.map((replica) => ({ id: replica.backend.id, cores: cores.get(replica.process.pid) ?? 0, memoryMb: processResidentMb(replica.process.pid) ?? 0 }));
  }

  async stop(): Promise<void> {
    // A replacement being started must finish first, or its process would outlive the service.
    this.closed = true;
    await Promise.allSettled([...this.pendingReplacements, ...this.pendingStarts]);
    await Promise.all([...this.replicas.values()].map((replica) => replica.process.stop()));
    this.replicas.clear();
    await this.balancer.close();
  }

  private publish(): void {
    const backends = (pool: 'stable' | 'canary'): Backend[] => this.list(pool).map((replica) => replica.backend);
    this.balancer.setPool('stable', 100 - this.canaryWeight, backends('stable'));
    this.balancer.setPool('canary', this.canaryWeight, backends('canary'));
  }

  private async onExit(replica: Replica): Promise<void> {
    if (replica.stopping) return;
    if (this.closed) {
      this.replicas.delete(replica.backend.id);
      return;
    }
    this.replicas.delete(replica.backend.id);
    this.publish();
    const replacement: Replacement = { replicaId: replica.backend.id, exitedAt: performance.now() };
    this.replacements.push(replacement);
    await replica.process.stop();
    if (!this.options.replaceCrashed) return;
    try {
      const next = await this.addReplica(replica.version, replica.pool);
      replacement.replacementId = next.backend.id;
      replacement.inServiceAt = performance.now();
    } catch (error) {
      replacement.error = (error as Error).message;
    }
  }
}
