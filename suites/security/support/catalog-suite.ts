import { chromiumMissingReason, deployedUrl, expectMetric, recordMetric, recordNotRun, type SystemName, testNotRun, urlTarget } from '@orch/harness';
import { runProbe } from '../catalog/catalog';
import { probesFor } from '../catalog/catalog';
import type { Probe, ProbeNeed, ProbeResult } from '../catalog/probe';
import { isLoopback } from './http-client';
import { countBySeverity, SEVERITIES, SEVERITY_RULES } from '../catalog/severity-rules';
import { fuzzTest } from './fuzz-suite';
import { startSecurityTarget, type SecurityTarget, type SecurityTargetOptions } from './security-target';

/** The seed's counting scenarios: their probes record the count their matrix threshold bounds. */
const COUNT_METRICS: Record<string, { name: string; unit: string; target: string }> = {
  'SEC-14': { name: 'responses carrying a password, hash or secret', unit: 'responses', target: 'Never include sensitive fields' },
  'SEC-15': { name: 'error responses with a stack trace (or a 5xx)', unit: 'responses', target: 'Production mode hides stack traces' },
  'SEC-16': { name: 'log lines carrying a client secret unredacted', unit: 'log lines', target: 'Redacted with ***' },
};

const REFERENCE_ONLY: Partial<Record<ProbeNeed, string>> = {
  secret: "the target's signing secret (to mint an expired token)",
  logs: "the target's logs",
  account: 'the password of an account on the target (to open and revoke sessions of its own)',
  canary: 'canary upstreams this suite starts beside a reference system',
};

/** Why a probe cannot run against this system's target, known before the target starts; undefined when it can. */
function unmetNeed(probe: Probe, system: SystemName): string | undefined {
  const url = deployedUrl(system);
  for (const need of probe.needs ?? []) {
    const referenceOnly = REFERENCE_ONLY[need];
    if (referenceOnly && url) return `needs ${referenceOnly}; the target is the deployed ${url}`;
    if (need === 'addresses' && url && !isLoopback(url)) return `needs many client addresses (loopback aliases), which reach only a target on this machine; the target is ${url}`;
    if (need === 'vocal-coach' && url && !urlTarget(system, url).urls.vocalCoach) return 'needs the vocal coach URL of the deployed AI DAWG (AIDAWG_VOCAL_COACH_URL)';
    if (need === 'browser') {
      const missing = chromiumMissingReason();
      if (missing) return missing;
    }
  }
  return undefined;
}

function title(probe: Probe, system: SystemName): string {
  const severity = SEVERITY_RULES[probe.category].severity;
  return `${probe.scenarios.map((id) => `[${id}]`).join(' ')} ${system} ${probe.id} (${severity}): ${probe.title}`;
}

/** A seed vector is a requirement (any finding fails); an extra probe fails on Critical and High only. */
function blocks(result: ProbeResult): boolean {
  const seedVector = result.scenarios.some((id) => id !== 'SEC-17');
  return seedVector || result.severity === 'critical' || result.severity === 'high';
}

/**
 * One Jest test per probe against one system, then a summary test that records the findings by
 * severity for the report (SEC-17): Critical and High must be 0.
 */
export function describeCatalog(system: SystemName, options: SecurityTargetOptions & { fuzzSeed: number }): void {
  describe(`attack catalog against ${system}`, () => {
    let target: SecurityTarget;
    const results: ProbeResult[] = [];

    beforeAll(async () => {
      target = await startSecurityTarget(system, options);
    }, 90_000);
    afterAll(async () => {
      await target?.stop();
    });

    const probes = probesFor(system);
    const beforeRate = probes.filter((probe) => probe.category !== 'rate-limiting' && probe.category !== 'attack-detection');
    for (const probe of [...beforeRate, 'fuzz' as const, ...probes.filter((candidate) => !beforeRate.includes(candidate))]) {
      if (probe === 'fuzz') {
        fuzzTest(system, options.fuzzSeed, () => target);
        continue;
      }
      const unmet = unmetNeed(probe, system);
      if (unmet) {
        testNotRun(title(probe, system), unmet);
        continue;
      }
      test(
        title(probe, system),
        async () => {
          const result = await runProbe(probe, target);
          results.push(result);
          if (result.verdict === 'not-run') {
            recordNotRun(title(probe, system), result.evidence.join('; '), probe.scenarios);
            return;
          }
          for (const scenario of probe.scenarios) {
            const metric = COUNT_METRICS[scenario];
            if (metric && result.count !== undefined) {
              expectMetric({
                scenario,
                name: `${metric.name} (${system}, ${result.sample ?? 0} examined)`,
                value: result.count,
                unit: metric.unit,
                threshold: 'count==0',
                target: metric.target,
              });
            }
          }
          if (result.verdict === 'vulnerable') {
            const text = `${result.severity.toUpperCase()} finding ${probe.id} on ${system} — expected: ${probe.expected}\n  ${result.evidence.join('\n  ')}`;
            if (blocks(result)) throw new Error(text);
            console.warn(text);
          }
        },
        60_000,
      );
    }

    test(`[SEC-17] ${system}: the catalog finds no Critical or High vulnerability`, () => {
      const ran = results.filter((result) => result.verdict !== 'not-run');
      const findings = ran.filter((result) => result.verdict === 'vulnerable');
      const counts = countBySeverity(findings);
      const details = {
        system,
        probes: ran.map((result) => ({ id: result.probeId, severity: result.severity, owasp: result.owasp, verdict: result.verdict, scenarios: result.scenarios })),
        findings: findings.map((result) => ({ id: result.probeId, title: result.title, severity: result.severity, evidence: result.evidence.slice(0, 5) })),
        notRun: results.filter((result) => result.verdict === 'not-run').map((result) => ({ id: result.probeId, reason: result.evidence[0] })),
      };
      recordMetric({ name: `security probes run (${system})`, value: ran.length, unit: 'probes', details });
      for (const severity of SEVERITIES) {
        const input = { name: `security findings: ${severity} (${system})`, value: counts[severity], unit: 'findings', target: '0 critical/high vulnerabilities' };
        if (severity === 'critical' || severity === 'high') expectMetric({ ...input, threshold: 'count==0' });
        else recordMetric(input);
      }
      expect(ran.length).toBeGreaterThan(0);
    });
  });
}
