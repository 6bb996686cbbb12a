/**
 * How a finding's severity is decided: by what an attacker gains, not by how the probe is
 * built. Each probe names one category; the category carries the severity and the rule, so the
 * same kind of hole is graded the same way in both systems. The run fails on Critical or High
 * (seed: "TARGET: 0 critical/high vulnerabilities").
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export type ProbeCategory =
  | 'authentication-bypass'
  | 'injection'
  | 'file-disclosure'
  | 'ssrf'
  | 'default-credentials'
  | 'authorization'
  | 'object-level-access'
  | 'stored-xss'
  | 'secret-exposure'
  | 'session-management'
  | 'mass-assignment'
  | 'websocket-auth'
  | 'resource-consumption'
  | 'rate-limiting'
  | 'error-disclosure'
  | 'secrets-in-logs'
  | 'websocket-origin'
  | 'security-headers'
  | 'cors'
  | 'inventory'
  | 'attack-detection';

export interface SeverityRule {
  severity: Severity;
  rule: string;
}

export const SEVERITY_RULES: Readonly<Record<ProbeCategory, SeverityRule>> = {
  'authentication-bypass': {
    severity: 'critical',
    rule: 'Critical: a request without valid credentials (missing, expired, forged, alg:none, key-confused token) is served as an authenticated user.',
  },
  injection: { severity: 'critical', rule: 'Critical: user input changes a database query (rows read, written or dropped beyond what the caller owns).' },
  'file-disclosure': { severity: 'critical', rule: 'Critical: a path or file parameter reads or reaches files or routes outside its intended root.' },
  ssrf: { severity: 'critical', rule: 'Critical: a URL supplied by a caller makes the server request an address the caller chose (internal network, metadata service).' },
  'default-credentials': { severity: 'critical', rule: 'Critical: a well-known default account or password logs in.' },
  authorization: { severity: 'high', rule: 'High: an authenticated user performs an action reserved to another role (admin endpoints).' },
  'object-level-access': { severity: 'high', rule: "High: a user reads or changes another user's object, or object ids can be enumerated (IDOR)." },
  'stored-xss': { severity: 'high', rule: 'High: stored user text is served so that a browser executes it.' },
  'secret-exposure': { severity: 'high', rule: "High: a response carries a password, password hash, token secret or another user's private field." },
  'session-management': {
    severity: 'high',
    rule: 'High: a refresh or access token keeps working after it was used, logged out or revoked, or one token type is accepted as another.',
  },
  'mass-assignment': { severity: 'high', rule: 'High: a client-set field the API does not offer (role, owner, id) is stored.' },
  'websocket-auth': { severity: 'high', rule: 'High: a WebSocket that carries user data accepts a connection without a valid token or for an object the user does not own.' },
  'resource-consumption': {
    severity: 'medium',
    rule: 'Medium: an oversized, deeply nested or slow request is accepted or ties the server up instead of a quick 4xx (denial of service by one client).',
  },
  'rate-limiting': { severity: 'medium', rule: 'Medium: one client exceeds 100 requests a minute without a 429 and Retry-After, or spoofed forwarding headers reset its count.' },
  'error-disclosure': { severity: 'medium', rule: 'Medium: an error answer carries a stack trace, file path, SQL text or framework internals, or a 5xx for bad input.' },
  'secrets-in-logs': { severity: 'medium', rule: 'Medium: a password, token or API key sent by a client is written to the logs unredacted.' },
  'websocket-origin': { severity: 'medium', rule: 'Medium: a WebSocket accepts a browser connection from a foreign Origin (cross-site WebSocket hijacking).' },
  'security-headers': { severity: 'low', rule: 'Low: a response lacks hardening headers (nosniff, frame denial, HSTS) or names its server software.' },
  cors: { severity: 'medium', rule: 'Medium: CORS lets any origin read authenticated responses (reflected origin with credentials).' },
  inventory: { severity: 'low', rule: 'Low: undocumented, debug or legacy routes answer anything but 404.' },
  'attack-detection': { severity: 'low', rule: 'Low: a distributed or spoofed attack pattern goes unnoticed (no WAF-style flag or block).' },
};

export function severityOf(category: ProbeCategory): Severity {
  return SEVERITY_RULES[category].severity;
}

/** Findings and probes by severity, for the report's Agent 2 lines. */
export function countBySeverity<T extends { severity: Severity }>(items: readonly T[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const item of items) counts[item.severity] += 1;
  return counts;
}
