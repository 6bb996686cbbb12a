import type { Clock, TimerHandle } from '@orch/harness';
import type { LocalService } from './local-service';

export interface ProbeSettings {
  path: string;
  periodMs: number;
  timeoutMs: number;
  failureThreshold: number;
}

/**
 * The kubelet's liveness probe: every period (injected clock) each replica's health path is
 * fetched with a real timeout; after `failureThreshold` consecutive failures the replica is
 * killed, and the service's reconciliation replaces it.
 */
export class LivenessProber {
  readonly restarts: string[] = [];
  private readonly failures = new Map<string, number>();
  private timer: TimerHandle | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly service: LocalService,
    private readonly settings: ProbeSettings,
    private readonly clock: Clock,
  ) {}

  start(): void {
    this.timer = this.clock.setInterval(() => {
      this.running = this.running.then(() => this.probeAll());
    }, this.settings.periodMs);
  }

  stop(): void {
    this.timer?.cancel();
  }

  idle(): Promise<void> {
    return this.running;
  }

  private async probeAll(): Promise<void> {
    await Promise.all(
      this.service.list().map(async (replica) => {
        const id = replica.backend.id;
        const healthy = await fetch(`${replica.process.url}${this.settings.path}`, { signal: AbortSignal.timeout(this.settings.timeoutMs) }).then(
          (response) => response.ok,
          () => false,
        );
        const failures = healthy ? 0 : (this.failures.get(id) ?? 0) + 1;
        this.failures.set(id, failures);
        if (failures >= this.settings.failureThreshold) {
          this.restarts.push(id);
          this.failures.delete(id);
          this.service.kill(replica);
        }
      }),
    );
  }
}
