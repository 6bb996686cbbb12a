import { breachImplies, thresholdImplies } from '@orch/harness';
import type { AgentEntry, AgentStatus, ScenarioCounts, ScenarioEntry, ScenarioStatus } from './report-types';

export interface StatusVerdict {
  status: ScenarioStatus;
  reason?: string;
}

/**
 * The one rule that turns a scenario's tests and metrics into its status; buildReport and
 * mergeReports both use it, so a merged report is exactly what one run of all tests would give.
 * A skipped test never validates anything.
 */
export interface AgentRunState {
  ran: boolean;
  /** Set when the agent's process crashed; its untested scenarios are then not run for this reason. */
  crashReason?: string;
}

type VerdictInput = Pick<ScenarioEntry, 'tests' | 'metrics' | 'agent'> & Partial<Pick<ScenarioEntry, 'threshold' | 'thresholdUnits'>>;

/** Why one matrix threshold term is not shown by any passing metric, or undefined when one shows it. */
function unmetTerm(metrics: ScenarioEntry['metrics'], threshold: string, unit: string): string | undefined {
  const required = { threshold, unit };
  const candidates = metrics.filter((metric) => metric.pass === true && metric.threshold);
  const reasons: string[] = [];
  for (const metric of candidates) {
    const measured = { threshold: metric.threshold!, unit: metric.unit };
    let implication;
    try {
      implication = metric.role === 'breach' ? breachImplies(measured, required) : thresholdImplies(measured, required);
    } catch (error) {
      implication = { ok: false as const, reason: `metric "${metric.name}": ${(error as Error).message}` };
    }
    if (implication.ok) return undefined;
    reasons.push(implication.reason);
  }
  if (reasons.length === 0) return `no passing metric carries the matrix threshold ${threshold}${unit ? ` (${unit})` : ''}`;
  // The closest miss: a metric on the same statistic says more than one on another.
  const sameStatistic = reasons.find((reason) => reason.includes(`required ${threshold}`) && reason.startsWith('threshold looser'));
  return sameStatistic ?? reasons[0];
}

/**
 * A scenario is validated only when every threshold term of its matrix entry is shown by a
 * passing metric carrying that threshold or a stricter one; returns the first term that is not.
 */
export function missingThreshold(scenario: VerdictInput): string | undefined {
  const terms = scenario.threshold ?? [];
  for (const [index, threshold] of terms.entries()) {
    const reason = unmetTerm(scenario.metrics, threshold, scenario.thresholdUnits?.[index] ?? '');
    if (reason) return reason;
  }
  return undefined;
}

export function scenarioVerdict(scenario: VerdictInput, agent: AgentRunState): StatusVerdict {
  const failed = scenario.tests.filter((test) => test.status === 'failed');
  if (failed.length > 0) {
    const first = failed[0]!;
    return { status: 'failed', reason: `test failed: ${first.name}${first.reason ? ` — ${first.reason}` : ''}` };
  }
  const missed = scenario.metrics.filter((metric) => metric.pass === false);
  if (missed.length > 0) {
    const first = missed[0]!;
    return {
      status: 'failed',
      reason: `metric "${first.name}" missed its threshold ${first.threshold ?? ''} (observed ${first.value} ${first.unit}) although its test did not fail`,
    };
  }
  if (scenario.tests.some((test) => test.status === 'passed')) {
    const missing = missingThreshold(scenario);
    return missing ? { status: 'failed', reason: missing } : { status: 'validated' };
  }
  const notRun = scenario.tests.find((test) => test.status === 'not-run');
  if (notRun) return { status: 'not-run', reason: notRun.reason ?? 'not run' };
  if (scenario.tests.length > 0) return { status: 'not-run', reason: 'its tests were skipped without a recorded reason' };
  if (agent.crashReason) return { status: 'not-run', reason: `the ${scenario.agent} agent crashed: ${agent.crashReason}` };
  if (!agent.ran) return { status: 'not-run', reason: `the ${scenario.agent} agent did not run in this run` };
  return { status: 'not-covered', reason: 'no test in this run names this scenario' };
}

export function applyVerdict(scenario: ScenarioEntry, agent: AgentRunState): void {
  const verdict = scenarioVerdict(scenario, agent);
  scenario.status = verdict.status;
  if (verdict.reason) scenario.reason = verdict.reason;
  else delete scenario.reason;
}

export function countScenarios(scenarios: readonly ScenarioEntry[]): ScenarioCounts {
  const counts: ScenarioCounts = { validated: 0, failed: 0, notRun: 0, notCovered: 0 };
  for (const scenario of scenarios) {
    if (scenario.status === 'validated') counts.validated += 1;
    else if (scenario.status === 'failed') counts.failed += 1;
    else if (scenario.status === 'not-run') counts.notRun += 1;
    else counts.notCovered += 1;
  }
  return counts;
}

/** Crashed wins (the process died), then any failure, then any pass; an agent with neither did not run. */
export function agentStatus(agent: Pick<AgentEntry, 'passed' | 'failed' | 'scenarios'>, crashed: boolean): AgentStatus {
  if (crashed) return 'crashed';
  if (agent.failed > 0 || agent.scenarios.failed > 0) return 'failed';
  if (agent.passed > 0) return 'passed';
  return 'not-run';
}

/**
 * The scenarios the counts are about: the matrix's own. IDs that only tests name are listed and
 * warned about but not counted, unless there is no matrix at all (then every named ID counts).
 */
export function countedScenarios<T extends Pick<ScenarioEntry, 'inMatrix'>>(scenarios: readonly T[], matrixScenarios: number): T[] {
  return matrixScenarios === 0 ? [...scenarios] : scenarios.filter((scenario) => scenario.inMatrix);
}
