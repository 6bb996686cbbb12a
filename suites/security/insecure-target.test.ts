import { recordMetric } from '@orch/harness';
import { probesFor, runProbe } from './catalog/catalog';
import type { ProbeResult } from './catalog/probe';
import { countBySeverity } from './catalog/severity-rules';
import { startInsecureTarget, type InsecureTarget } from './fixtures/insecure-target';

/** Holes the fixture was built with, and the probe that must find each. */
const PLANTED = [
  'AUTH-01', // anonymous list of every project
  'AUTH-03', // expired tokens accepted
  'AUTH-06', // alg: none accepted
  'AUTH-07', // HMAC secret "secret"
  'INJ-01', // login query built from strings
  'INJ-02', // search query built from strings
  'ACCESS-03', // no ownership on PATCH / DELETE
  'ACCESS-04', // no ownership on GET
  'ACCESS-05', // ids count up from 1
  'ACCESS-06', // client-set ownerId stored
  'XSS-01', // project name rendered raw
  'INPUT-01', // files served by a joined path
  'INPUT-02', // no body limit
  'DATA-01', // password hash in the register answer
  'DATA-02', // stack traces in 500s
  'DATA-03', // request headers and bodies logged raw
  'CONFIG-01', // no hardening headers, X-Powered-By
  'CONFIG-02', // any origin reflected with credentials
  'CONFIG-03', // admin@example.com / password
  'RATE-01', // no rate limit
  'RATE-03', // no attack detection
];

// The fixture has no WebSockets and no vocal coach: those probes would only measure its absence.
const NOT_APPLICABLE = new Set(['WS-01', 'WS-02', 'WS-03', 'WS-05']);

describe('the catalog can fail: a deliberately insecure server (a test fixture, not one of our systems)', () => {
  let target: InsecureTarget;
  const results: ProbeResult[] = [];

  beforeAll(async () => {
    target = await startInsecureTarget();
    for (const probe of probesFor('ai-dawg').filter((candidate) => !NOT_APPLICABLE.has(candidate.id))) {
      const started = Date.now();
      results.push(await runProbe(probe, target).catch((error: Error) => ({ probeId: probe.id, verdict: 'error', evidence: [error.message] }) as unknown as ProbeResult));
      if (Date.now() - started > 3000) console.warn(`${probe.id} took ${Date.now() - started} ms against the fixture`);
    }
  }, 120_000);
  afterAll(async () => {
    await target?.stop();
  });

  test('[SEC-17] every planted hole is reported as a finding, with Critical and High among them', () => {
    const findings = results.filter((result) => result.verdict === 'vulnerable');
    const found = new Set(findings.map((result) => result.probeId));
    const counts = countBySeverity(findings);
    recordMetric({
      name: 'findings on the deliberately insecure fixture (self-test of the catalog)',
      value: findings.length,
      unit: 'findings',
      details: { counts, found: [...found] },
    });
    expect(PLANTED.filter((id) => !found.has(id))).toEqual([]);
    expect(results.filter((result) => (result.verdict as string) === 'error').map((result) => `${result.probeId}: ${result.evidence[0]}`)).toEqual([]);
    expect(counts.critical).toBeGreaterThanOrEqual(8);
    expect(counts.high).toBeGreaterThanOrEqual(5);
    expect(counts.medium).toBeGreaterThanOrEqual(4);
    expect(counts.low).toBeGreaterThanOrEqual(2);
  });
});
