/** Changes how many replicas of a service run (Kubernetes, ECS, Cloud Run adapters implement it). */
export interface Scaler {
  replicas(service: string): number;
  scale(service: string, replicas: number): Promise<void>;
}

/** Records desired replicas in memory: the reference implementation and what tests inspect. */
export class InMemoryScaler implements Scaler {
  private readonly desired = new Map<string, number>();
  readonly history: Array<{ service: string; from: number; to: number }> = [];

  constructor(private readonly initialReplicas = 1) {}

  replicas(service: string): number {
    return this.desired.get(service) ?? this.initialReplicas;
  }

  async scale(service: string, replicas: number): Promise<void> {
    if (!Number.isInteger(replicas) || replicas < 0) throw new RangeError(`replicas must be a non-negative integer, got ${replicas}`);
    this.history.push({ service, from: this.replicas(service), to: replicas });
    this.desired.set(service, replicas);
  }
}
