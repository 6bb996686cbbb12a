import { createHash } from 'node:crypto';

/**
 * Deterministic weighted split of requests between models: a request id always lands on the same
 * model (stable for retries and caching), and over many ids the shares match the weights.
 */
export class TrafficSplit {
  private readonly splits = new Map<string, Array<{ model: string; weight: number }>>();

  /** Sends `share` of the traffic meant for `from` to `to` instead. */
  divert(from: string, to: string, share: number): void {
    if (share < 0 || share > 1) throw new RangeError(`share must be within 0..1, got ${share}`);
    this.splits.set(from, [
      { model: from, weight: 1 - share },
      { model: to, weight: share },
    ]);
  }

  diverted(from: string): { to: string; share: number } | undefined {
    const split = this.splits.get(from);
    return split ? { to: split[1]!.model, share: split[1]!.weight } : undefined;
  }

  resolve(model: string, requestId: string): string {
    const split = this.splits.get(model);
    if (!split) return model;
    const bucket = createHash('sha256').update(requestId).digest().readUInt32BE(0) / 0x1_0000_0000;
    let cumulative = 0;
    for (const entry of split) {
      cumulative += entry.weight;
      if (bucket < cumulative) return entry.model;
    }
    return split.at(-1)!.model;
  }
}
