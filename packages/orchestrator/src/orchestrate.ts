import * as os from 'node:os';
import * as path from 'node:path';
import { COVERED_PACKAGES, startServices as harnessStartServices, type ServiceDescription } from '@orch/harness';
import { SharedStateWriter } from './coordination/shared-state';
import { writeJsonAtomic } from './coordination/write-json-atomic';
import { diagnose, formatDiagnosis, type Diagnosis } from './diagnose/diagnose';
import { plainProgressView, ttyProgressView, formatAgentRow, type ProgressView } from './monitor/progress-view';
import { buildMasterPlan, summarizePlan, writeMasterPlan, type MasterPlan } from './plan/master-plan';
import { scanSuiteTests } from './plan/scan-suite-tests';
import { codeGaps, lastCoverageFiles } from './plan/code-gaps';
import { lastRunTests } from './plan/last-run-tests';
import { exportedFunctions } from './plan/exported-functions';

/** The systems under test whose exports the plan lists: the covered packages, defined once in the harness. */
export const CODE_PACKAGES: readonly string[] = COVERED_PACKAGES;
import { readUserCaseMatrix } from './plan/user-case-matrix';
import { aggregateReport, type AggregateResult } from './report/aggregate-report';
import { rerunFailedTests, type RerunOptions } from './diagnose/rerun-failed-tests';
import type { AgentPaths } from './run/agent-paths';
import { agentPaths } from './run/agent-paths';
import { jestAgentCommand, type AgentCommand, type AgentCommandBuilder } from './run/jest-command';
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
  /** Packages whose exported functions the plan joins with coverage (default: both systems). */
  codePackages?: readonly string[];
  /** Agents run alone after the others (default: performance, whose figures need the machine). */
  exclusiveAgents?: readonly string[];
  /** Off a TTY, the longest silence before a heartbeat line (default 5 s). */
  heartbeatMs?: number;
  /** `false` skips re-running failed tests alone in the diagnosis. */
  rerunFailures?: boolean;
  rerun?: Pick<RerunOptions, 'limit' | 'timeoutMs'>;
}

export interface OrchestrateResult {
  exitCode: 0 | 1;
  outcomes: AgentOutcome[];
  plan?: MasterPlan;
  diagnosis: Diagnosis;
  reportFiles: string[];
  error?: string;
}

/** What the phases share: options, output, the shared-state file, and what earlier phases produced. */
interface RunContext {
  options: OrchestrateOptions;
  say(line: string): void;
  show(file: string): string;
  pathsOf(agent: string): AgentPaths;
  state: SharedStateWriter;
  outcomes: AgentOutcome[];
  plan?: MasterPlan;
  services?: ServicesHandle;
  /** How agents were started, so the diagnosis re-runs a failed test the same way. */
  agentCommand?: { builder: AgentCommandBuilder; environment: NodeJS.ProcessEnv };
  /** Set by the first phase that fails; later phases then only report. */
  runError?: string;
}

function fail(context: RunContext, message: string): void {
  context.runError = message;
  context.say(`✘ ${message}`);
  context.state.setError(message);
}

/** Phase 1: the matrix joined with the suites' test titles, written as master-plan.json. */
function planPhase(context: RunContext): void {
  const { options, say, show } = context;
  try {
    const matrix = readUserCaseMatrix(options.matrixFile);
    // Every agent of the matrix, not only this run's: the plan lists all the gaps.
    const planned = [...new Set([...Object.keys(matrix.agents), ...options.agents])];
    const scans = planned.map((agent) => scanSuiteTests(options.suitesDirectory, agent));
    const exported = exportedFunctions(options.repoRoot, options.codePackages ?? CODE_PACKAGES);
    const coverageFiles = lastCoverageFiles(options.repoRoot, options.stateDirectory, options.reportsDirectory);
    const lastRun = lastRunTests(path.join(options.reportsDirectory, 'report.json'));
    context.plan = buildMasterPlan(matrix, scans, show(options.matrixFile), new Date(), codeGaps(options.repoRoot, exported, coverageFiles), lastRun);
    const planFile = writeMasterPlan(context.plan, path.join(options.stateDirectory, 'test-plans'));
    for (const line of summarizePlan(context.plan, options.agents)) say(line);
    say(`  → ${show(planFile)}`);
  } catch (error) {
    fail(context, (error as Error).message);
  }
}

/** Phase 2: Postgres, Redis and S3 once for every agent; returns the environment the agents get. */
async function servicesPhase(context: RunContext): Promise<Record<string, string>> {
  const { options, say } = context;
  if (context.runError) return {};
  context.state.setPhase('services');
  if (options.startServices === false) {
    say('services: not started (ORCH_SERVICES=none)');
    return { ORCH_SERVICES: 'none' };
  }
  try {
    const services = await (options.startServices ?? harnessStartServices)();
    context.services = services;
    say(`services: ${services.descriptions.map((service) => `${service.name} ${service.provider} (ready in ${service.readyMs} ms)`).join(', ')}`);
    return {
      ...services.environment,
      ORCH_SERVICES_JSON: JSON.stringify(services.descriptions),
    };
  } catch (error) {
    fail(context, `services could not start: ${(error as Error).message}`);
    return {};
  }
}

/** Phase 3: every agent as its own Jest process group, in parallel, watched through the shared state. */
async function runPhase(context: RunContext, serviceEnvironment: Record<string, string>): Promise<void> {
  const { options, say, state } = context;
  if (context.runError || options.abortSignal?.aborted) return;
  state.setPhase('running');
  const output = options.output ?? process.stdout;
  const tty = options.tty ?? Boolean((output as NodeJS.WriteStream).isTTY);
  const view: ProgressView = tty ? ttyProgressView(output as NodeJS.WriteStream) : plainProgressView(output, { heartbeatMs: options.heartbeatMs });
  const commandBuilder = options.commandBuilder ?? jestAgentCommand({ cwd: options.repoRoot });
  const baseEnvironment: NodeJS.ProcessEnv = {
    ...(options.environment ?? process.env),
    ...serviceEnvironment,
    ORCH_PROFILE: options.profile,
    ORCH_MATRIX_PATH: options.matrixFile,
  };
  context.agentCommand = { builder: commandBuilder, environment: baseEnvironment };
  say(`running ${options.agents.length} agents, ${options.concurrency} at a time${options.timeoutMs ? `, timeout ${formatDuration(options.timeoutMs)} each` : ''}`);
  for (const group of agentGroups(options.agents, options.exclusiveAgents ?? EXCLUSIVE_AGENTS)) {
    const workers = workersPerAgent(group.length, options.concurrency, os.availableParallelism());
    const build: AgentCommandBuilder = (agent, paths, environment) => withMaxWorkers(commandBuilder(agent, paths, environment), workers);
    await runPool(group, options.concurrency, (agent) => runOneAgent(context, agent, build, baseEnvironment, view));
  }
  view.stop(state.snapshot);
}

/**
 * Jest workers per agent process while `concurrency` agents run side by side: the machine's cores
 * shared out, at least one. Each agent's Jest would otherwise take one worker per core, and two
 * agents on 2 cores ran 4 workers (timing scenarios then measured the oversubscription). An agent
 * that runs alone keeps the config's own setting (undefined).
 */
export function workersPerAgent(groupSize: number, concurrency: number, cores: number): number | undefined {
  const sideBySide = Math.min(groupSize, concurrency);
  return sideBySide > 1 ? Math.max(1, Math.floor(cores / sideBySide)) : undefined;
}

function withMaxWorkers(command: AgentCommand, workers: number | undefined): AgentCommand {
  return workers === undefined ? command : { ...command, args: [...command.args, `--maxWorkers=${workers}`] };
}

/** The performance agent's figures are the machine's: it never shares it with another agent. */
export const EXCLUSIVE_AGENTS: readonly string[] = ['performance'];

/**
 * Agents that need the machine to themselves (performance: its figures are the machine's) run
 * after the others, one at a time, never beside another agent.
 */
export function agentGroups(agents: readonly string[], exclusive: readonly string[]): string[][] {
  const shared = agents.filter((agent) => !exclusive.includes(agent));
  const alone = agents.filter((agent) => exclusive.includes(agent));
  return [shared, ...alone.map((agent) => [agent])].filter((group) => group.length > 0);
}

async function runOneAgent(context: RunContext, agent: string, commandBuilder: AgentCommandBuilder, baseEnvironment: NodeJS.ProcessEnv, view: ProgressView): Promise<void> {
  const { options, state } = context;
  // After Ctrl-C no new agent starts; the report lists the rest as not started.
  if (options.abortSignal?.aborted) return;
  const paths = context.pathsOf(agent);
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
  context.outcomes.push(outcome);
}

/** Phase 4: what failed or crashed and why, each failed test re-run alone and classified. */
async function diagnosePhase(context: RunContext, ordered: AgentOutcome[]): Promise<Diagnosis> {
  const { options, say } = context;
  context.state.setPhase('diagnosing');
  const diagnosis = diagnose(ordered, options.repoRoot);
  if (context.runError) diagnosis.error = context.runError;
  if (options.rerunFailures !== false && context.agentCommand) {
    await rerunFailedTests(diagnosis, {
      ...options.rerun,
      repoRoot: options.repoRoot,
      runsDirectory: path.join(options.stateDirectory, 'runs'),
      commandBuilder: context.agentCommand.builder,
      baseEnvironment: context.agentCommand.environment,
      services: context.services?.descriptions,
      abortSignal: options.abortSignal,
    });
  }
  writeJsonAtomic(path.join(options.stateDirectory, 'diagnosis.json'), diagnosis);
  const lines = formatDiagnosis(diagnosis);
  if (lines.length > 0) {
    say('');
    say('diagnosis:');
    for (const line of lines) say(`  ${line}`);
  }
  return diagnosis;
}

/** Phase 5: one merged report of every agent, the summary, history and the step summary. */
function reportPhase(context: RunContext, ordered: AgentOutcome[], diagnosis: Diagnosis): AggregateResult {
  const { options, say } = context;
  context.state.setPhase('aggregating');
  const aggregate = aggregateReport({
    agents: options.agents,
    outcomes: ordered,
    pathsOf: context.pathsOf,
    reportsDirectory: options.reportsDirectory,
    repoRoot: options.repoRoot,
    runError: context.runError,
    matrixFile: options.matrixFile,
    services: context.services?.descriptions ?? [],
    diagnosis,
    plan: context.plan,
    startedAt: context.state.snapshot.startedAt,
    profile: options.profile,
  });
  if (aggregate.reporterError) say(`! ${aggregate.reporterError}`);
  context.state.setPhase('done');
  context.state.close();
  return aggregate;
}

/**
 * The seed's workflow, a function per phase: plan (the code's exports × coverage × matrix × test
 * titles), start services once, run every agent as its own Jest process in parallel with live
 * progress and a shared-state file, diagnose what failed or crashed, merge the shards and write
 * the report. The report is written in every case.
 */
export async function orchestrate(options: OrchestrateOptions): Promise<OrchestrateResult> {
  const output = options.output ?? process.stdout;
  const runsDirectory = path.join(options.stateDirectory, 'runs');
  const context: RunContext = {
    options,
    say: (line) => void output.write(`${line}\n`),
    show: (file) => displayPath(options.repoRoot, file),
    pathsOf: (agent) => agentPaths(runsDirectory, agent),
    state: new SharedStateWriter(path.join(options.stateDirectory, 'coordination', 'shared-state.json'), options.agents),
    outcomes: [],
  };
  planPhase(context);
  let ordered: AgentOutcome[] = [];
  let diagnosis: Diagnosis;
  try {
    await runPhase(context, await servicesPhase(context));
    ordered = options.agents.flatMap((agent) => context.outcomes.filter((outcome) => outcome.agent === agent));
    // Before the services stop: a failed test re-runs against them, and their logs are attached.
    diagnosis = await diagnosePhase(context, ordered);
  } finally {
    if (context.services) {
      await context.services.stop();
      context.say('services stopped');
    }
  }
  const aggregate = reportPhase(context, ordered, diagnosis);

  const bad = ordered.filter((outcome) => outcome.status === 'failed' || outcome.status === 'crashed');
  const missing = options.agents.length - ordered.length;
  const exitCode: 0 | 1 = context.runError || bad.length > 0 || missing > 0 ? 1 : 0;
  context.say('');
  context.say(summaryLine(ordered, missing));
  context.say(`report: ${aggregate.files.map(context.show).join(', ')}`);
  return { exitCode, outcomes: ordered, plan: context.plan, diagnosis, reportFiles: aggregate.files, error: context.runError };
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
