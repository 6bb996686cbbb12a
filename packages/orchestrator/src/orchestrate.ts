import * as path from 'node:path';
import { startServices as harnessStartServices, type ServiceDescription } from '@orch/harness';
import { SharedStateWriter } from './coordination/shared-state';
import { writeJsonAtomic } from './coordination/write-json-atomic';
import { diagnose, formatDiagnosis, type Diagnosis } from './diagnose/diagnose';
import { plainProgressView, ttyProgressView, formatAgentRow, type ProgressView } from './monitor/progress-view';
import { buildMasterPlan, summarizePlan, writeMasterPlan, type MasterPlan } from './plan/master-plan';
import { scanSuiteTests } from './plan/scan-suite-tests';
import { readUserCaseMatrix } from './plan/user-case-matrix';
import { aggregateReport } from './report/aggregate-report';
import { agentPaths } from './run/agent-paths';
import { jestAgentCommand, type AgentCommandBuilder } from './run/jest-command';
import { formatDuration, runAgent, type AgentOutcome } from './run/run-agent';
import { runPool } from './run/run-pool';

/** What `startServices()` of the harness returns, as far as the orchestrator needs it. */
export interface ServicesHandle {
  environment: Record<string, string>;
  descriptions: ServiceDescription[];
  stop(): Promise<void>;
}

export interface OrchestrateOptions {
  repoRoot: string;
  agents: readonly string[];
  concurrency: number;
  profile: string;
  timeoutMs?: number;
  matrixFile: string;
  suitesDirectory: string;
  /** `.orchestrator/`: test plans, coordination state, per-agent runs, diagnosis. */
  stateDirectory: string;
  reportsDirectory: string;
  /** Defaults to the real Jest command on the repository's config. */
  commandBuilder?: AgentCommandBuilder;
  /** Defaults to the harness's provider chain; `false` runs agents with ORCH_SERVICES=none. */
  startServices?: (() => Promise<ServicesHandle>) | false;
  output?: NodeJS.WriteStream | NodeJS.WritableStream;
  tty?: boolean;
  abortSignal?: AbortSignal;
  environment?: NodeJS.ProcessEnv;
}

export interface OrchestrateResult {
  exitCode: 0 | 1;
  outcomes: AgentOutcome[];
  plan?: MasterPlan;
  diagnosis: Diagnosis;
  reportFiles: string[];
  error?: string;
}

/**
 * The seed's workflow: plan (matrix × test titles), start services once, run every agent as
 * its own Jest process in parallel with live progress and a shared-state file, diagnose what
 * failed or crashed, merge the shards and write the report. The report is written in every case.
 */
export async function orchestrate(options: OrchestrateOptions): Promise<OrchestrateResult> {
  const output = options.output ?? process.stdout;
  const say = (line: string): void => void output.write(`${line}\n`);
  const show = (file: string): string => displayPath(options.repoRoot, file);
  const runsDirectory = path.join(options.stateDirectory, 'runs');
  const pathsOf = (agent: string) => agentPaths(runsDirectory, agent);
  const state = new SharedStateWriter(path.join(options.stateDirectory, 'coordination', 'shared-state.json'), options.agents);
  const startedAt = state.snapshot.startedAt;
  const outcomes: AgentOutcome[] = [];
  let plan: MasterPlan | undefined;
  let runError: string | undefined;
  let services: ServicesHandle | undefined;

  // Phase 1: plan.
  try {
    const matrix = readUserCaseMatrix(options.matrixFile);
    const scans = options.agents.map((agent) => scanSuiteTests(options.suitesDirectory, agent));
    plan = buildMasterPlan(matrix, scans, show(options.matrixFile));
    const planFile = writeMasterPlan(plan, path.join(options.stateDirectory, 'test-plans'));
    for (const line of summarizePlan(plan, options.agents)) say(line);
    say(`  → ${show(planFile)}`);
  } catch (error) {
    runError = (error as Error).message;
    say(`✘ ${runError}`);
    state.setError(runError);
  }

  try {
    // Phase 2: services, once for every agent.
    let serviceEnvironment: Record<string, string> = {};
    if (!runError) {
      state.setPhase('services');
      if (options.startServices === false) {
        serviceEnvironment = { ORCH_SERVICES: 'none' };
        say('services: not started (ORCH_SERVICES=none)');
      } else {
        try {
          services = await (options.startServices ?? harnessStartServices)();
          serviceEnvironment = {
            ...services.environment,
            ORCH_SERVICES_JSON: JSON.stringify(services.descriptions),
            ORCH_SERVICE_ORIGIN: services.descriptions.map((service) => service.name).join(','),
          };
          say(`services: ${services.descriptions.map((service) => `${service.name} ${service.provider} (ready in ${service.readyMs} ms)`).join(', ')}`);
        } catch (error) {
          runError = `services could not start: ${(error as Error).message}`;
          say(`✘ ${runError}`);
          state.setError(runError);
        }
      }
    }

    // Phase 2/3: run the agents in parallel and watch them.
    if (!runError && !options.abortSignal?.aborted) {
      state.setPhase('running');
      const tty = options.tty ?? Boolean((output as NodeJS.WriteStream).isTTY);
      const view: ProgressView = tty ? ttyProgressView(output as NodeJS.WriteStream) : plainProgressView(output);
      const commandBuilder = options.commandBuilder ?? jestAgentCommand({ cwd: options.repoRoot });
      const baseEnvironment: NodeJS.ProcessEnv = { ...(options.environment ?? process.env), ...serviceEnvironment, ORCH_PROFILE: options.profile, ORCH_MATRIX_PATH: options.matrixFile };
      say(`running ${options.agents.length} agents, ${options.concurrency} at a time${options.timeoutMs ? `, timeout ${formatDuration(options.timeoutMs)} each` : ''}`);
      await runPool(options.agents, options.concurrency, async (agent) => {
        // After Ctrl-C no new agent starts; the report lists the rest as not started.
        if (options.abortSignal?.aborted) return;
        const paths = pathsOf(agent);
        const outcome = await runAgent({
          agent,
          paths,
          command: commandBuilder(agent, paths, baseEnvironment),
          timeoutMs: options.timeoutMs,
          abortSignal: options.abortSignal,
          onStart(pid) {
            state.updateAgent(agent, { status: 'running', pid, startedAt: new Date().toISOString() });
            view.render(state.snapshot);
            view.event(`▶ ${agent} started (pid ${pid})`);
          },
          onProgress(progress) {
            state.updateAgent(agent, { tests: { ...progress.tests }, files: { ...progress.files } }, false);
            view.render(state.snapshot);
          },
        });
        state.updateAgent(agent, {
          status: outcome.status,
          tests: { ...outcome.progress.tests },
          files: { ...outcome.progress.files },
          finishedAt: outcome.finishedAt,
          exitCode: outcome.exitCode,
          signal: outcome.signal,
          reason: outcome.reason,
        });
        view.event(formatAgentRow(agent, state.snapshot.agents[agent]!));
        outcomes.push(outcome);
      });
      view.stop(state.snapshot);
    }
  } finally {
    if (services) {
      await services.stop();
      say('services stopped');
    }
  }

  // Phase 3 follow-up: diagnose.
  state.setPhase('diagnosing');
  const ordered = options.agents.flatMap((agent) => outcomes.filter((outcome) => outcome.agent === agent));
  const diagnosis = diagnose(ordered, options.repoRoot);
  if (runError) diagnosis.error = runError;
  writeJsonAtomic(path.join(options.stateDirectory, 'diagnosis.json'), diagnosis);
  const diagnosisLines = formatDiagnosis(diagnosis);
  if (diagnosisLines.length > 0) {
    say('');
    say('diagnosis:');
    for (const line of diagnosisLines) say(`  ${line}`);
  }

  // Phases 4-5: aggregate and report.
  state.setPhase('aggregating');
  const aggregate = aggregateReport({
    agents: options.agents,
    outcomes: ordered,
    pathsOf,
    reportsDirectory: options.reportsDirectory,
    repoRoot: options.repoRoot,
    runError,
    matrixFile: options.matrixFile,
    services: services?.descriptions ?? [],
    diagnosis,
    startedAt,
    profile: options.profile,
  });
  if (aggregate.reporterError) say(`! ${aggregate.reporterError}`);
  state.setPhase('done');
  state.close();

  const bad = ordered.filter((outcome) => outcome.status === 'failed' || outcome.status === 'crashed');
  const missing = options.agents.length - ordered.length;
  const exitCode: 0 | 1 = runError || bad.length > 0 || missing > 0 ? 1 : 0;
  say('');
  say(summaryLine(ordered, missing));
  say(`report: ${aggregate.files.map(show).join(', ')}`);
  return { exitCode, outcomes: ordered, plan, diagnosis, reportFiles: aggregate.files, error: runError };
}

function summaryLine(outcomes: readonly AgentOutcome[], missing: number): string {
  const count = (status: AgentOutcome['status']): number => outcomes.filter((outcome) => outcome.status === status).length;
  const tests = outcomes.reduce((sum, outcome) => sum + (outcome.results?.numTotalTests ?? 0), 0);
  const failed = outcomes.reduce((sum, outcome) => sum + (outcome.results?.numFailedTests ?? 0), 0);
  const parts = [`${count('passed')} passed`, `${count('failed')} failed`, `${count('crashed')} crashed`, `${count('no-tests')} with no tests yet`];
  if (missing > 0) parts.push(`${missing} not run`);
  return `agents: ${parts.join(', ')} · tests: ${tests} run, ${failed} failed`;
}

/** Relative to the repository when inside it, absolute otherwise (a temp dir in tests). */
function displayPath(root: string, file: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
