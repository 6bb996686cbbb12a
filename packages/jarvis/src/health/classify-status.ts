import type { ReportedHealth } from './health-payload';
import type { ProbeOutcome, ServiceStatus, SignalLevels } from './service-snapshot';

/** What one check learnt about a service, everything the verdict depends on. */
export interface CheckFindings {
  outcome: ProbeOutcome;
  report?: ReportedHealth;
  /** `empty-payload` or `malformed-payload` when the health answer was 2xx but unusable. */
  payloadProblem?: string;
  /** Why the service is believed alive although the probe could not reach it (a partition). */
  partitionEvidence?: string;
  probeTimeoutMs: number;
  levels: SignalLevels;
  /** The signal reasons for `levels` (signal-levels.ts), added when the signals decide. */
  signalReasons: string[];
}

export const UNREACHABLE_FAILURES: readonly string[] = ['timeout', 'network', 'circuit-open'];

function worst(levels: SignalLevels): 'ok' | 'warning' | 'critical' {
  const values = Object.values(levels);
  if (values.includes('critical')) return 'critical';
  return values.includes('warning') ? 'warning' : 'ok';
}

/**
 * The status verdict, a pure function of the findings: an unreachable service is `down` unless
 * there is evidence of life (then `unreachable`); an unusable 2xx answer is `degraded`; a service
 * that answers is judged by what it reports and then by its golden signals (a critical signal
 * makes it `down`, a warning `degraded`).
 */
export function classifyStatus(findings: CheckFindings): { status: ServiceStatus; reasons: string[] } {
  const { outcome, report } = findings;
  if (!outcome.ok) {
    if (findings.partitionEvidence && UNREACHABLE_FAILURES.includes(outcome.failure ?? '')) {
      return { status: 'unreachable', reasons: [`probe failed (${outcome.failure}) but ${findings.partitionEvidence}: network partition, not an outage`] };
    }
    const reason =
      outcome.failure === 'timeout' ? `health endpoint did not answer within ${findings.probeTimeoutMs} ms` : `probe failed (${outcome.failure}): ${outcome.message ?? ''}`.trim();
    return { status: 'down', reasons: [reason] };
  }
  if (findings.payloadProblem) return { status: 'degraded', reasons: [outcome.message ?? findings.payloadProblem] };
  if (report?.status === 'down') return { status: 'down', reasons: ['service reports itself down'] };
  const reported: ServiceStatus = report?.status === 'degraded' ? 'degraded' : 'healthy';
  const reasons = reported === 'degraded' ? ['service reports itself degraded', ...findings.signalReasons] : [...findings.signalReasons];
  const level = worst(findings.levels);
  if (level === 'critical') return { status: 'down', reasons };
  if (level === 'warning') return { status: 'degraded', reasons };
  return { status: reported, reasons };
}
