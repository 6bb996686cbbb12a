import * as path from 'node:path';
import { agentOfScenario, AGENTS, parseScenarioIds, type MetricRecord, type NotRunRecord, type SidecarRecord } from '@orch/harness';
import { machineInfo } from '../inputs/machine-info';
import { coverageNotCollected } from '../inputs/package-coverage';
import { AGENT_TITLES, type MatrixLoad } from '../inputs/user-case-matrix';
import {
  REPORT_VERSION,
  type AgentEntry,
  type AgentTarget,
  type Bug,
  type FlakyTest,
  type CoverageSection,
  type MachineInfo,
  type Report,
  type ScenarioEntry,
  type ScenarioMetric,
  type ScenarioTest,
  type ServiceEntry,
  type TestStatus,
} from './report-types';
import { agentStatus, applyVerdict, countedScenarios, countScenarios } from './scenario-status';
import { firstLine } from './text';

/** The Jest project that holds the product's self-tests: shown apart, never counted as an agent. */
export const TOOLKIT_PROJECT = 'toolkit';

export interface RunTest {
  /** Full name as Jest reports it: describe blocks and title, space separated. */
  name: string;
  /** Jest's own status: passed, failed, pending, skipped, todo, disabled, focused. */
  status: string;
  durationMs: number;
  failureMessages: string[];
  /** Jest's `invocations` - 1 when `jest.retryTimes` re-ran it: a pass after a retry is flaky, never clean. */
  retries?: number;
}

export interface RunFile {
  /** Jest project displayName: the agent, or `toolkit`. */
  agent: string;
  /** Absolute path of the test file. */
  file: string;
  durationMs: number;
  /** Set when the file itself crashed (Jest's testExecError): it counts as one failed test. */
  execError?: string;
  /** Scenario IDs named in the file's source, used to blame the right scenarios when it crashes. */
  declaredScenarios?: string[];
  tests: RunTest[];
}

export interface BuildReportInput {
  startedAt: Date | string;
  finishedAt: Date | string;
  profile?: string;
  machine?: MachineInfo;
  /** Test paths in the report are relative to this directory. */
  rootDir: string;
  matrix: MatrixLoad;
  files: RunFile[];
  sidecars: SidecarRecord[];
  services?: ServiceEntry[];
  coverage?: CoverageSection;
  errors?: string[];
  /**
   * Agents whose Jest project was part of this run even if it had no test file: their scenarios
   * that no test names are not covered, rather than not run.
   */
  selectedAgents?: readonly string[];
  /** This shard's name in a CI matrix (ORCH_SHARD_ID), kept through the merge. */
  shard?: string;
  /** Per agent, the systems its tests ran against (the harness's target records). */
  targets?: Record<string, AgentTarget[]>;
}

/** Failures of these agents block production (the seed's success criteria); others are medium. */
const HIGH_SEVERITY_AGENTS = new Set(['security', 'integration', 'unit']);

function toTestStatus(status: string): TestStatus {
  if (status === 'passed') return 'passed';
  if (status === 'failed') return 'failed';
  return 'skipped';
}

function iso(value: Date | string): string {
  return typeof value === 'string' ? value : value.toISOString();
}

function relativeTo(rootDir: string, file: string): string {
  if (!path.isAbsolute(file)) return file;
  return path.relative(rootDir, file).split(path.sep).join('/');
}

export function emptyAgent(name: string, title: string): AgentEntry {
  return {
    name,
    title,
    ran: false,
    files: 0,
    tests: 0,
    passed: 0,
    failed: 0,
    skipped: 0,
    durationMs: 0,
    status: 'not-run',
    scenarios: { validated: 0, failed: 0, notRun: 0, notCovered: 0 },
  };
}

/** Agents in the seed's order (Agents 1-7), then any other agent the matrix or the run names. */
export function orderedAgentNames(names: Iterable<string>): string[] {
  const extra = [...new Set(names)].filter((name) => name !== TOOLKIT_PROJECT && !(AGENTS as readonly string[]).includes(name)).sort();
  return [...AGENTS, ...extra];
}

/** Recomputes every derived figure (statuses, per-agent scenario counts, totals) from the tests and metrics. */
export function finalizeReport(report: Report): Report {
  const agents = new Map(report.agents.map((agent) => [agent.name, agent]));
  for (const scenario of report.scenarios) {
    const agent = agents.get(scenario.agent);
    const crashed = agent?.status === 'crashed';
    applyVerdict(scenario, { ran: agent?.ran ?? false, ...(crashed ? { crashReason: agent.error ?? 'no reason given' } : {}) });
  }
  const counted = countedScenarios(report.scenarios, report.matrix.scenarios);
  for (const agent of report.agents) {
    agent.scenarios = countScenarios(counted.filter((scenario) => scenario.agent === agent.name));
    agent.status = agentStatus(agent, agent.status === 'crashed');
  }
  const sum = (pick: (agent: AgentEntry) => number): number => report.agents.reduce((total, agent) => total + pick(agent), 0);
  report.totals = {
    tests: sum((agent) => agent.tests),
    passed: sum((agent) => agent.passed),
    failed: sum((agent) => agent.failed),
    skipped: sum((agent) => agent.skipped),
    scenarios: { ...countScenarios(counted), total: counted.length },
  };
  return report;
}

export function scenarioFromMatrix(matrix: MatrixLoad, id: string): ScenarioEntry {
  const known = matrix.matrix.scenarios.find((scenario) => scenario.id === id);
  return {
    id,
    agent: known?.agent ?? agentOfScenario(id) ?? 'unknown',
    system: known?.system ?? '',
    workflow: known?.workflow ?? '',
    title: known?.title ?? `${id} (not in the user-case matrix)`,
    target: known?.target ?? '',
    threshold: known?.threshold ?? [],
    thresholdUnits: (known?.threshold ?? []).map((_, index) => (Array.isArray(known?.unit) ? (known.unit[index] ?? '') : (known?.unit ?? ''))),
    inMatrix: Boolean(known),
    status: 'not-covered',
    tests: [],
    metrics: [],
  };
}

function metricEntry(record: MetricRecord, file: string): ScenarioMetric {
  return {
    name: record.name,
    value: record.value,
    unit: record.unit,
    ...(record.threshold !== undefined ? { threshold: record.threshold } : {}),
    ...(record.target !== undefined ? { target: record.target } : {}),
    ...(record.pass !== undefined ? { pass: record.pass } : {}),
    ...(record.role !== undefined ? { role: record.role } : {}),
    ...(record.histogram !== undefined ? { histogram: record.histogram } : {}),
    ...(record.samples !== undefined ? { samples: record.samples } : {}),
    ...(record.testName ? { test: record.testName } : {}),
    file,
    ...(record.details !== undefined ? { details: record.details } : {}),
  };
}

/** What the passes over files and sidecars fill in, shared so each pass is its own function. */
interface BuildState {
  rootDir: string;
  matrix: MatrixLoad;
  scenarios: Map<string, ScenarioEntry>;
  agents: Map<string, AgentEntry>;
  toolkit: Report['toolkit'];
  toolkitFiles: Set<string>;
  bugs: Bug[];
  flaky: FlakyTest[];
  warnings: string[];
  /** Test entries by file and full name, so sidecar records find the test that wrote them. */
  testsByKey: Map<string, { test: ScenarioTest; agent: string; scenarioIds: Set<string> }>;
}

function scenarioFor(state: BuildState, id: string, where: string): ScenarioEntry {
  let entry = state.scenarios.get(id);
  if (!entry) {
    entry = scenarioFromMatrix(state.matrix, id);
    state.scenarios.set(id, entry);
    state.warnings.push(`${where} names ${id}, which the user-case matrix does not list`);
  }
  return entry;
}

function severityOf(agent: string): Bug['severity'] {
  return HIGH_SEVERITY_AGENTS.has(agent) ? 'high' : 'medium';
}

function tallyToolkitFile(state: BuildState, file: RunFile, relative: string): void {
  const toolkit = state.toolkit;
  state.toolkitFiles.add(file.file);
  for (const test of file.tests) {
    const status = toTestStatus(test.status);
    toolkit.tests += 1;
    if (status === 'passed') toolkit.passed += 1;
    else if (status === 'failed') {
      toolkit.failed += 1;
      toolkit.failures.push({ test: test.name, file: relative, message: firstLine(test.failureMessages.join('\n')) });
    } else toolkit.skipped += 1;
  }
  if (file.execError) {
    toolkit.tests += 1;
    toolkit.failed += 1;
    toolkit.failures.push({ test: `${path.basename(file.file)} (test file crashed)`, file: relative, message: firstLine(file.execError) });
  }
}

function tallyAgentTest(state: BuildState, agent: AgentEntry, file: RunFile, relative: string, test: RunTest): void {
  const status = toTestStatus(test.status);
  agent.tests += 1;
  if (status === 'passed') agent.passed += 1;
  else if (status === 'failed') agent.failed += 1;
  else agent.skipped += 1;
  const message = firstLine(test.failureMessages.join('\n'));
  const entry: ScenarioTest = {
    name: test.name,
    file: relative,
    status,
    durationMs: Math.round(test.durationMs),
    ...(status === 'failed' && message ? { reason: message } : {}),
    ...(test.retries ? { retries: test.retries } : {}),
  };
  const ids = parseScenarioIds(test.name);
  state.testsByKey.set(`${file.file}\u0000${test.name}`, { test: entry, agent: file.agent, scenarioIds: new Set(ids) });
  for (const id of ids) scenarioFor(state, id, `test "${test.name}"`).tests.push(entry);
  if (status === 'passed' && test.retries) {
    state.flaky.push({ agent: file.agent, test: test.name, file: relative, retries: test.retries, scenarios: ids });
  }
  if (status === 'failed') {
    state.bugs.push({
      scenario: ids[0] ?? null,
      agent: file.agent,
      test: test.name,
      file: relative,
      message: message || 'failed without a message',
      severity: severityOf(file.agent),
    });
  }
}

function tallyAgentFile(state: BuildState, file: RunFile, relative: string): void {
  const agent = state.agents.get(file.agent)!;
  agent.ran = true;
  agent.files += 1;
  agent.durationMs += Math.max(0, Math.round(file.durationMs));
  for (const test of file.tests) tallyAgentTest(state, agent, file, relative, test);
  if (!file.execError) return;
  agent.tests += 1;
  agent.failed += 1;
  const message = firstLine(file.execError);
  const name = `${path.basename(file.file)} (test file crashed)`;
  const entry: ScenarioTest = { name, file: relative, status: 'failed', durationMs: 0, reason: message };
  const ids = file.declaredScenarios ?? [];
  for (const id of ids) scenarioFor(state, id, `crashed test file ${relative}`).tests.push(entry);
  agent.error = [agent.error, `${relative}: ${message}`].filter(Boolean).join('; ');
  state.bugs.push({ scenario: ids[0] ?? null, agent: file.agent, test: name, file: relative, message, severity: severityOf(file.agent) });
}

/**
 * Only records of agent files that ran in this run count: a shared run directory can hold lines
 * from an earlier or concurrent run, and toolkit tests are not evidence for any scenario.
 */
function sidecarsOfThisRun(state: BuildState, files: RunFile[], sidecars: SidecarRecord[]): SidecarRecord[] {
  const agentFiles = new Set(files.filter((file) => file.agent !== TOOLKIT_PROJECT).map((file) => file.file));
  const ignored = sidecars.filter((record) => !agentFiles.has(record.testPath) && !state.toolkitFiles.has(record.testPath));
  if (ignored.length > 0) {
    const names = [...new Set(ignored.map((record) => relativeTo(state.rootDir, record.testPath)))];
    state.warnings.push(`ignored ${ignored.length} sidecar record(s) of test files that did not run in this run: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`);
  }
  return sidecars.filter((record) => agentFiles.has(record.testPath));
}

function applyNotRun(state: BuildState, record: NotRunRecord): void {
  const matched = [...state.testsByKey.entries()].filter(
    ([key, value]) => key.startsWith(`${record.testPath}\u0000`) && value.test.status !== 'passed' && value.test.status !== 'failed' && value.test.name.includes(record.testName),
  );
  for (const [, value] of matched) {
    value.test.status = 'not-run';
    value.test.reason = record.reason;
  }
  if (matched.length > 0) return;
  // The skipped test did not reach the results (filtered by -t, say): keep the reason anyway.
  const entry: ScenarioTest = { name: record.testName, file: relativeTo(state.rootDir, record.testPath), status: 'not-run', durationMs: 0, reason: record.reason };
  for (const id of record.scenarios) scenarioFor(state, id, `not-run record "${record.testName}"`).tests.push(entry);
}

function applyMetric(state: BuildState, record: MetricRecord): void {
  const relative = relativeTo(state.rootDir, record.testPath);
  const owner = state.testsByKey.get(`${record.testPath}\u0000${record.testName}`);
  for (const id of record.scenarios) {
    const scenario = scenarioFor(state, id, `metric "${record.name}"`);
    scenario.metrics.push(metricEntry(record, relative));
    // A test that records for a scenario its title does not name still answers for that scenario.
    if (owner && !owner.scenarioIds.has(id) && !scenario.tests.includes(owner.test)) scenario.tests.push(owner.test);
  }
}

function initialState(input: BuildReportInput): BuildState {
  const { matrix } = input;
  const scenarios = new Map<string, ScenarioEntry>();
  for (const scenario of matrix.matrix.scenarios) scenarios.set(scenario.id, scenarioFromMatrix(matrix, scenario.id));
  const agentNames = orderedAgentNames([...Object.keys(matrix.matrix.agents), ...input.files.map((file) => file.agent)]);
  const agents = new Map(agentNames.map((name) => [name, emptyAgent(name, matrix.matrix.agents[name]?.title ?? AGENT_TITLES[name] ?? name)]));
  for (const name of input.selectedAgents ?? []) {
    const agent = agents.get(name);
    // Part of the run even without a test file; files: 0 and tests: 0 then say it has none yet.
    if (agent) agent.ran = true;
  }
  return {
    rootDir: input.rootDir,
    matrix,
    scenarios,
    agents,
    toolkit: { tests: 0, passed: 0, failed: 0, skipped: 0, failures: [] },
    toolkitFiles: new Set(),
    bugs: [],
    flaky: [],
    warnings: [],
    testsByKey: new Map(),
  };
}

/**
 * Builds the report of one Jest run from plain data (no Jest objects), so the reporter, the
 * shard merge and the tests share one implementation.
 */
export function buildReport(input: BuildReportInput): Report {
  const { matrix, rootDir } = input;
  const errors = [...(input.errors ?? [])];
  if (matrix.error) errors.push(matrix.error);
  const state = initialState(input);
  for (const file of input.files) {
    const relative = relativeTo(rootDir, file.file);
    if (file.agent === TOOLKIT_PROJECT) tallyToolkitFile(state, file, relative);
    else tallyAgentFile(state, file, relative);
  }
  const sidecars = sidecarsOfThisRun(state, input.files, input.sidecars);
  for (const record of sidecars) if (record.kind === 'not-run') applyNotRun(state, record);
  for (const record of sidecars) if (record.kind === 'metric') applyMetric(state, record);

  const startedAt = iso(input.startedAt);
  const finishedAt = iso(input.finishedAt);
  const report: Report = {
    version: REPORT_VERSION,
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
    profile: input.profile ?? process.env.ORCH_PROFILE ?? 'ci',
    machine: input.machine ?? machineInfo(),
    matrix: { path: relativeTo(rootDir, matrix.path), version: matrix.matrix.version, scenarios: matrix.matrix.scenarios.length, ...(matrix.error ? { error: matrix.error } : {}) },
    services: input.services ?? [],
    coverage: input.coverage ?? coverageNotCollected('coverage was not collected in this run'),
    totals: { tests: 0, passed: 0, failed: 0, skipped: 0, scenarios: { validated: 0, failed: 0, notRun: 0, notCovered: 0, total: 0 } },
    agents: [...state.agents.values()].map((agent) => withTargets(agent, input.targets?.[agent.name])),
    scenarios: sortScenarios([...state.scenarios.values()], matrix),
    toolkit: state.toolkit,
    bugs: state.bugs,
    errors,
    warnings: state.warnings,
    ...(state.flaky.length > 0 ? { flaky: state.flaky } : {}),
    ...(input.shard ? { shard: input.shard } : {}),
  };
  return finalizeReport(report);
}

/** The run's targets arrive one per system already (the harness's `targetsByAgent`); a merge unites them with `mergeTargets`. */
function withTargets(agent: AgentEntry, targets: AgentTarget[] | undefined): AgentEntry {
  return targets && targets.length > 0 ? { ...agent, targets: [...targets] } : agent;
}

/** The union of two target lists: one entry per system, kind and URL (reference URLs differ per run, so one per system). */
export function mergeTargets(into: readonly AgentTarget[], from: readonly AgentTarget[]): AgentTarget[] {
  const result = [...into];
  for (const target of from) {
    const same = (entry: AgentTarget): boolean => entry.system === target.system && entry.kind === target.kind && (target.kind === 'reference' || entry.baseUrl === target.baseUrl);
    if (!result.some(same)) result.push({ system: target.system, kind: target.kind, baseUrl: target.baseUrl });
  }
  return result;
}

/** Matrix order first (the seed's order), then IDs only the tests name, sorted. */
export function sortScenarios(scenarios: ScenarioEntry[], matrix?: MatrixLoad): ScenarioEntry[] {
  const order = new Map((matrix?.matrix.scenarios ?? []).map((scenario, index) => [scenario.id, index]));
  const agentOrder = orderedAgentNames(scenarios.map((scenario) => scenario.agent));
  return [...scenarios].sort((a, b) => {
    const left = order.get(a.id);
    const right = order.get(b.id);
    if (left !== undefined && right !== undefined) return left - right;
    if (left !== undefined) return -1;
    if (right !== undefined) return 1;
    return agentOrder.indexOf(a.agent) - agentOrder.indexOf(b.agent) || a.id.localeCompare(b.id, 'en', { numeric: true });
  });
}
