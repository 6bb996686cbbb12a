import * as fs from 'node:fs';
import * as path from 'node:path';
import { agentPaths } from '../run/agent-paths';
import type { AgentCommandBuilder } from '../run/jest-command';
import { runAgent } from '../run/run-agent';
import { classifyFailure } from './classify-failure';
import type { Diagnosis, FailingTest } from './diagnose';
import { serviceLogs, servicesTouched } from './service-logs';

export interface RerunOptions {
  repoRoot: string;
  /** Where each re-run keeps its output: `<runsDirectory>/diagnosis/<agent>-<n>/`. */
  runsDirectory: string;
  commandBuilder: AgentCommandBuilder;
  baseEnvironment: NodeJS.ProcessEnv;
  /** Services of the run, to attach the logs of the ones a test touched. */
  services?: ReadonlyArray<{ name: string; provider: string; details: Record<string, string> }>;
  /** At most this many re-runs per run (each starts a Jest process). */
  limit?: number;
  timeoutMs?: number;
  abortSignal?: AbortSignal;
}

const VERBOSE_LIMIT = 12_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The seed's "spawn a diagnostic agent": every failed test re-run alone (its file, its exact
 * name) with verbose output, classified, with the logs of the services it touched attached.
 */
export async function rerunFailedTests(diagnosis: Diagnosis, options: RerunOptions): Promise<void> {
  const limit = options.limit ?? 20;
  let count = 0;
  for (const agent of diagnosis.agents) {
    for (const failing of agent.failingTests) {
      if (options.abortSignal?.aborted) return;
      if (count >= limit) {
        failing.classification = classifyFailure(failing.message, undefined, failing.test);
        failing.classification.why += ` (re-run limit of ${limit} reached)`;
        continue;
      }
      count += 1;
      await rerunOne(agent.agent, failing, count, options);
    }
    for (const broken of agent.brokenFiles) broken.classification = classifyFailure(broken.message, undefined);
  }
}

async function rerunOne(agent: string, failing: FailingTest, index: number, options: RerunOptions): Promise<void> {
  const paths = agentPaths(path.join(options.runsDirectory, 'diagnosis'), `${agent}-${index}`);
  const base = options.commandBuilder(agent, paths, { ...options.baseEnvironment, CI: '' });
  const file = path.resolve(options.repoRoot, failing.file);
  // No retries in a diagnosis re-run: it must show whether the test passes once, alone.
  const args = [...base.args, '--runTestsByPath', file, '--testNamePattern', `^${escapeRegExp(failing.test)}$`, '--verbose', '--coverage=false'];
  const startedAt = new Date();
  const outcome = await runAgent({
    agent,
    paths,
    command: { ...base, args, env: { ...base.env, ORCH_RETRIES: '0' } },
    timeoutMs: options.timeoutMs ?? 120_000,
    abortSignal: options.abortSignal,
  });
  const assertion = outcome.results?.testResults.flatMap((result) => result.assertionResults).find((result) => result.fullName === failing.test);
  const passed = assertion?.status === 'passed';
  const message = assertion ? assertion.failureMessages.join('\n') : (outcome.reason ?? 'the test did not run in the re-run');
  failing.classification = classifyFailure(failing.message, { passed, message }, failing.test);
  const verbose = fs.existsSync(paths.stderrFile) ? fs.readFileSync(paths.stderrFile, 'utf8') : outcome.stderrTail;
  const touched = servicesTouched(file, `${failing.message}\n${message}\n${verbose}`);
  failing.rerun = {
    status: passed ? 'passed' : assertion ? 'failed' : 'did-not-run',
    durationMs: outcome.durationMs,
    output: verbose.slice(-VERBOSE_LIMIT),
    servicesTouched: touched,
    serviceLogs: serviceLogs(touched, options.services ?? [], startedAt),
  };
}
