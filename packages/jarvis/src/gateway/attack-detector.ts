import type { Clock } from '../clock/clock';

export interface AttackDetectorOptions {
  windowMs?: number;
  /** One socket address sending this many different X-Forwarded-For values in the window is spoofing. */
  forwardedValuesPerClient?: number;
  /** This many addresses failing to log in within the window is a distributed attack... */
  distributedSources?: number;
  /** ...and each of them with at least this many failures is one of its sources. */
  failuresPerSource?: number;
}

export interface AttackFinding {
  kind: 'forwarded-for-rotation' | 'distributed-login-failures';
  addresses: string[];
  reason: string;
}

interface Seen {
  at: number;
  value: string;
}

/**
 * A WAF-style detector for the seed's "distributed attack from multiple IPs → WAF detection":
 * it flags a client that rotates X-Forwarded-For (trying to reset per-client limits) and a wave
 * of failed logins from many addresses that each stay under the rate limit. The gateway blocks
 * what it flags.
 */
export class AttackDetector {
  private readonly forwarded = new Map<string, Seen[]>();
  private readonly failures = new Map<string, number[]>();
  private readonly flagged = new Set<string>();
  private readonly windowMs: number;
  private readonly forwardedLimit: number;
  private readonly sourcesLimit: number;
  private readonly perSource: number;

  constructor(
    private readonly clock: Clock,
    options: AttackDetectorOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.forwardedLimit = options.forwardedValuesPerClient ?? 20;
    this.sourcesLimit = options.distributedSources ?? 20;
    this.perSource = options.failuresPerSource ?? 3;
  }

  /** Called for every request that carries X-Forwarded-For. */
  observeForwarded(address: string, forwardedFor: string): AttackFinding | undefined {
    const now = this.clock.now();
    const recent = (this.forwarded.get(address) ?? []).filter((seen) => now - seen.at < this.windowMs);
    recent.push({ at: now, value: forwardedFor });
    this.forwarded.set(address, recent.slice(-this.forwardedLimit * 4));
    const distinct = new Set(recent.map((seen) => seen.value)).size;
    if (distinct < this.forwardedLimit || this.flagged.has(address)) return undefined;
    this.flagged.add(address);
    return { kind: 'forwarded-for-rotation', addresses: [address], reason: `${distinct} different X-Forwarded-For values from one client within ${this.windowMs / 1000} s` };
  }

  /** Called for every failed login. */
  observeLoginFailure(address: string): AttackFinding | undefined {
    const now = this.clock.now();
    this.failures.set(address, [...(this.failures.get(address) ?? []).filter((at) => now - at < this.windowMs), now]);
    for (const [source, times] of this.failures) if (times.every((at) => now - at >= this.windowMs)) this.failures.delete(source);
    if (this.failures.size < this.sourcesLimit) return undefined;
    const sources = [...this.failures].filter(([source, times]) => times.length >= this.perSource && !this.flagged.has(source)).map(([source]) => source);
    if (sources.length === 0) return undefined;
    for (const source of sources) this.flagged.add(source);
    return { kind: 'distributed-login-failures', addresses: sources, reason: `failed logins from ${this.failures.size} addresses within ${this.windowMs / 1000} s` };
  }
}
