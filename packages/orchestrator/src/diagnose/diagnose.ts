import type { AgentOutcome } from '../run/run-agent';
import type { FailureClassification } from './classify-failure';

export interface FailingTest {
  file: string;
  test: string;
  /** First lines of the first failure message, ANSI codes removed. */
  message: string;
  /** flaky / deterministic / environment (service named) / timeout, from the re-run alone. */
  classification?: FailureClassification;
  rerun?: {
    status: 'passed' | 'failed' | 'did-not-run';
    durationMs: number;
    /** The re-run's verbose Jest output (its tail). */
    output: string;
    servicesTouched: string[];
    /** Last lines of each touched service's log, or why there is none. */
    serviceLogs: Record<string, string>;
  };
}

export interface AgentDiagnosis {
  agent: string;
  status: 'failed' | 'crashed';
  reason?: string;
  exitCode: number | null;
  signal: string | null;
  failingTests: FailingTest[];
  /** Test files that could not run at all (syntax error, import failure, hook timeout). */
  brokenFiles: FailingTest[];
  stderrTail?: string;
}

export interface Diagnosis {
  generatedAt: string;
  agents: AgentDiagnosis[];
  error?: string;
}

const ANSI = /\x1b\[[0-9;]*m/g;
const MESSAGE_LINES = 6;

function firstLines(text: string, count = MESSAGE_LINES): string {
  return text
    .replace(ANSI, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !/^\s+at /.test(line))
    .slice(0, count)
    .join('\n');
}

/**
 * The seed's "follow-up diagnostic" step: for each failed agent, which tests failed and why
 * (from Jest's JSON results); for each crashed agent, how it died and what it last printed.
 */
export function diagnose(outcomes: readonly AgentOutcome[], repoRoot: string, now = new Date()): Diagnosis {
  const agents: AgentDiagnosis[] = [];
  for (const outcome of outcomes) {
    if (outcome.status !== 'failed' && outcome.status !== 'crashed') continue;
    const relative = (file: string): string => (file.startsWith(`${repoRoot}/`) ? file.slice(repoRoot.length + 1) : file);
    const failingTests: FailingTest[] = [];
    const brokenFiles: FailingTest[] = [];
    for (const file of outcome.results?.testResults ?? []) {
      const failed = file.assertionResults.filter((assertion) => assertion.status === 'failed');
      for (const assertion of failed) {
        failingTests.push({ file: relative(file.name), test: assertion.fullName, message: firstLines(assertion.failureMessages.join('\n')) });
      }
      if (file.status === 'failed' && failed.length === 0) {
        brokenFiles.push({ file: relative(file.name), test: '(file did not run)', message: firstLines(file.message) });
      }
    }
    agents.push({
      agent: outcome.agent,
      status: outcome.status,
      reason: outcome.reason,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      failingTests,
      brokenFiles,
      stderrTail: outcome.status === 'crashed' || (failingTests.length === 0 && brokenFiles.length === 0) ? outcome.stderrTail : undefined,
    });
  }
  return { generatedAt: now.toISOString(), agents };
}

export function formatDiagnosis(diagnosis: Diagnosis): string[] {
  const lines: string[] = [];
  if (diagnosis.error) lines.push(`! ${diagnosis.error}`);
  for (const agent of diagnosis.agents) {
    const how =
      agent.status === 'crashed'
        ? `CRASHED: ${agent.reason ?? 'unknown'} (exit ${agent.exitCode ?? '-'}, signal ${agent.signal ?? '-'})`
        : `FAILED${agent.reason ? `: ${agent.reason}` : ''}`;
    lines.push(`${agent.agent} ${how}`);
    for (const failing of [...agent.brokenFiles, ...agent.failingTests].slice(0, 20)) {
      const kind = failing.classification ? ` [${failing.classification.class}${failing.classification.service ? `: ${failing.classification.service}` : ''}]` : '';
      lines.push(`  ✘ ${failing.file} › ${failing.test}${kind}`);
      if (failing.classification) lines.push(`      ${failing.classification.why}`);
      for (const line of failing.message.split('\n')) lines.push(`      ${line}`);
    }
    const more = agent.failingTests.length + agent.brokenFiles.length - 20;
    if (more > 0) lines.push(`  … ${more} more in .orchestrator/diagnosis.json`);
    if (agent.stderrTail) {
      const tail = agent.stderrTail.replace(ANSI, '').trimEnd().split('\n').slice(-12);
      lines.push('  last stderr lines:');
      for (const line of tail) lines.push(`    | ${line}`);
    }
  }
  return lines;
}
