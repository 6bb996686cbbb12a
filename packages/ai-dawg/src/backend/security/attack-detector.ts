export interface AttackFinding {
  kind: 'forwarded-for-rotation' | 'distributed-login-failures';
  addresses: string[];
  reason: string;
}

/**
 * A WAF-style detector (seed: "distributed attack from multiple IPs → WAF detection"): a client
 * rotating X-Forwarded-For to look like many, or failed logins arriving from many addresses that
 * each stay under the rate limit. The backend blocks what it flags.
 */
export class AttackDetector {
  private readonly forwarded = new Map<string, { at: number; value: string }[]>();
  private readonly failures = new Map<string, number[]>();
  private readonly flagged = new Set<string>();

  constructor(
    private readonly now: () => number,
    private readonly windowMs = 60_000,
    private readonly forwardedValuesPerClient = 20,
    private readonly distributedSources = 20,
    private readonly failuresPerSource = 3,
  ) {}

  observeForwarded(address: string, forwardedFor: string): AttackFinding | undefined {
    const now = this.now();
    const recent = (this.forwarded.get(address) ?? []).filter((seen) => now - seen.at < this.windowMs);
    recent.push({ at: now, value: forwardedFor });
    this.forwarded.set(address, recent.slice(-this.forwardedValuesPerClient * 4));
    const distinct = new Set(recent.map((seen) => seen.value)).size;
    if (distinct < this.forwardedValuesPerClient || this.flagged.has(address)) return undefined;
    this.flagged.add(address);
    return { kind: 'forwarded-for-rotation', addresses: [address], reason: `${distinct} different X-Forwarded-For values from one client` };
  }

  observeLoginFailure(address: string): AttackFinding | undefined {
    const now = this.now();
    this.failures.set(address, [...(this.failures.get(address) ?? []).filter((at) => now - at < this.windowMs), now]);
    for (const [source, times] of this.failures) if (times.every((at) => now - at >= this.windowMs)) this.failures.delete(source);
    if (this.failures.size < this.distributedSources) return undefined;
    const sources = [...this.failures].filter(([source, times]) => times.length >= this.failuresPerSource && !this.flagged.has(source)).map(([source]) => source);
    if (sources.length === 0) return undefined;
    for (const source of sources) this.flagged.add(source);
    return { kind: 'distributed-login-failures', addresses: sources, reason: `failed logins from ${this.failures.size} addresses within ${this.windowMs / 1000} s` };
  }
}
