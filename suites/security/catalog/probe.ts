import type { SystemName, TargetUser } from '@orch/harness';
import type { RawRequest, RawResponse } from '../support/http-client';
import { SEVERITY_RULES, type ProbeCategory, type Severity } from './severity-rules';

/** What a probe may know about its target: its URL and accounts, plus white-box hooks only a reference target offers. */
export interface ProbeTarget {
  system: SystemName;
  kind: 'reference' | 'url' | 'fixture';
  baseUrl: string;
  urls: Readonly<Record<string, string>>;
  authHeaders(role?: 'user' | 'admin'): Promise<Record<string, string>>;
  /** A fresh user with a token (AI DAWG registers one; JARVIS throws: its users are configured). */
  createUser(label?: string): Promise<TargetUser>;
  /** Captured logs of a reference system ('' for a URL target). */
  output(): string;
  /** Where a reference AI DAWG keeps its rows, to prove an injection harmless behind the API. */
  databaseUrl?: string;
  /** The signing secret when this suite chose it: lets a probe mint an already expired token. */
  jwtSecret?: string;
  /** Credentials of an account on the target, so a probe can open (and revoke) sessions of its own. */
  sessionLogin?: Record<string, string>;
  /** Test-only upstreams a probe watches (SSRF / traversal canaries), when the suite started them. */
  canaries?: { upstream?: Canary; internal?: Canary };
}

/** A tiny HTTP server that records what reached it. */
export interface Canary {
  url: string;
  requests(): { method: string; url: string }[];
}

export interface ProbeContext {
  target: ProbeTarget;
  /** A request from this probe's own client address (so probes do not share a rate-limit bucket). */
  request(request: RawRequest): Promise<RawResponse>;
  /** A further distinct client address (undefined against a remote target). */
  newClientAddress(): string | undefined;
}

/**
 * `secret`: the target's signing secret; `logs`: its captured output; `account`: a password to
 * open sessions; `canary`: upstreams this suite starts beside the system; `addresses`: loopback
 * aliases (the target runs on this machine); `vocal-coach`: its URL; `browser`: Chromium here.
 */
export type ProbeNeed = 'secret' | 'logs' | 'account' | 'canary' | 'addresses' | 'vocal-coach' | 'browser';

export type Verdict = 'safe' | 'vulnerable' | 'not-run';

export interface ProbeOutcome {
  verdict: Verdict;
  /** What was sent and seen, one line per check; for a finding, what was wrong. */
  evidence: string[];
  /** For counting probes (SEC-14/15/16): offending answers or lines, and how many were examined. */
  count?: number;
  sample?: number;
}

export interface Probe {
  /** Stable id, e.g. `AUTH-03`; the same probe id applies to each system it runs against. */
  id: string;
  title: string;
  /** Seed scenarios it validates (SEC-01..16); OWASP extras carry SEC-17, the catalog. */
  scenarios: string[];
  /** OWASP API Security Top 10 (2023) item, e.g. `API2:2023 Broken Authentication`. */
  owasp: string;
  category: ProbeCategory;
  /** The safe outcome, in words. */
  expected: string;
  systems: readonly SystemName[];
  /** What beyond HTTP the probe needs; known before it runs, so a target lacking it is "not run" from the start. */
  needs?: readonly ProbeNeed[];
  run(context: ProbeContext): Promise<ProbeOutcome>;
}

export interface ProbeResult {
  probeId: string;
  system: SystemName;
  title: string;
  scenarios: string[];
  owasp: string;
  category: ProbeCategory;
  severity: Severity;
  verdict: Verdict;
  evidence: string[];
  count?: number;
  sample?: number;
  elapsedMs: number;
}

export function severityOfProbe(probe: Probe): Severity {
  return SEVERITY_RULES[probe.category].severity;
}

/**
 * Collects check failures: a probe asserts many small things and reports all that failed
 * rather than stopping at the first.
 */
export class Checks {
  readonly failures: string[] = [];
  readonly notes: string[] = [];

  expect(condition: boolean, failure: string, note?: string): void {
    if (!condition) this.failures.push(failure);
    else if (note) this.notes.push(note);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  outcome(): ProbeOutcome {
    return this.failures.length > 0 ? { verdict: 'vulnerable', evidence: this.failures } : { verdict: 'safe', evidence: this.notes };
  }
}

export function notRun(reason: string): ProbeOutcome {
  return { verdict: 'not-run', evidence: [reason] };
}

/** `401 UNAUTHORIZED` for evidence lines. */
export function describe(response: RawResponse): string {
  let code = '';
  try {
    code = (JSON.parse(response.text) as { error?: { code?: string } }).error?.code ?? '';
  } catch {
    code = '';
  }
  return `${response.status}${code ? ` ${code}` : ''}`;
}
