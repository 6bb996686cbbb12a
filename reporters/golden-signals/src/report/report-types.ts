import type { MetricRecord } from '@orch/harness';
import type { MatrixScenario } from '../inputs/user-case-matrix';

/**
 * The report.json format, version 1 (documented in REPORT-FORMAT.md). Shards, agents run as
 * separate processes and crashed agents all produce this shape, so one merge rule serves them all.
 */
export const REPORT_VERSION = 1;

export type ScenarioStatus = 'validated' | 'failed' | 'not-run' | 'not-covered';
export type AgentStatus = 'passed' | 'failed' | 'crashed' | 'not-run';
/** `not-run`: skipped with a recorded reason (testNotRun); `skipped`: skipped without one. */
export type TestStatus = 'passed' | 'failed' | 'skipped' | 'not-run';
export type BugSeverity = 'high' | 'medium';

export interface MachineInfo {
  hostname: string;
  platform: string;
  cpus: number;
  cpuModel?: string;
  memoryGb: number;
  node: string;
}

export interface ServiceEntry {
  name: string;
  provider: string;
  readyMs: number;
  details: Record<string, string>;
}

export interface CoveragePackage {
  /** Folder of the package inside the repository, e.g. `packages/jarvis`. */
  name: string;
  /** Null when coverage was not collected for this package in this run. */
  linesPct: number | null;
  linesCovered: number;
  linesTotal: number;
  target: number;
  pass: boolean;
  /** Why the figure is missing or how it was obtained (e.g. merged from shards). */
  note?: string;
}

export interface CoverageSection {
  packages: CoveragePackage[];
  /** How coverage was read: `coverage-map`, `json-summary`, `merged`, or `not-collected`. */
  source: string;
  note?: string;
}

export interface ScenarioCounts {
  validated: number;
  failed: number;
  notRun: number;
  notCovered: number;
}

export interface Totals {
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  scenarios: ScenarioCounts & { total: number };
}

/** A system an agent's black-box tests ran against: the reference system started for them, or a deployed one by URL. */
export interface AgentTarget {
  system: string;
  kind: 'reference' | 'url';
  baseUrl: string;
}

export interface AgentEntry {
  name: string;
  title: string;
  /** Whether any test file of this agent ran in this report's run(s). */
  ran: boolean;
  files: number;
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  status: AgentStatus;
  error?: string;
  /** The systems its tests started through `startTarget` (absent: none was recorded). */
  targets?: AgentTarget[];
  scenarios: ScenarioCounts;
}

export interface ScenarioTest {
  name: string;
  file: string;
  status: TestStatus;
  durationMs: number;
  /** Reason a test was not run, or the first line of its failure. */
  reason?: string;
  /** Times Jest retried it (CI only, `jest.retryTimes`); a test that passed after a retry is flaky, not clean. */
  retries?: number;
}

/** A figure as the harness recorded it (name, value, unit, threshold, target, pass, histogram, details). */
export interface ScenarioMetric extends Pick<MetricRecord, 'name' | 'value' | 'unit' | 'threshold' | 'target' | 'pass' | 'role' | 'histogram' | 'samples' | 'details'> {
  /** The test that recorded it (full name). */
  test?: string;
  file?: string;
  /** How many recorded figures this entry combines (more than 1 after a histogram merge). */
  sources?: number;
}

/** A matrix scenario (its fields as the matrix gives them) with this run's verdict, tests and figures. */
export interface ScenarioEntry extends Omit<MatrixScenario, 'unit'> {
  /** The unit of each `threshold` term, in order (the matrix gives one unit for all terms or one per term). */
  thresholdUnits: string[];
  /** False when a test names an ID that the matrix does not list. */
  inMatrix: boolean;
  status: ScenarioStatus;
  reason?: string;
  tests: ScenarioTest[];
  metrics: ScenarioMetric[];
}

export interface Bug {
  scenario: string | null;
  agent: string;
  test: string;
  file: string;
  message: string;
  severity: BugSeverity;
}

export interface ToolkitSection {
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  failures: { test: string; file: string; message: string }[];
}

export interface Report {
  version: typeof REPORT_VERSION;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  profile: string;
  machine: MachineInfo;
  /** Where the matrix came from, or why it is missing. */
  matrix: { path: string; version: string | number | null; scenarios: number; error?: string };
  services: ServiceEntry[];
  coverage: CoverageSection;
  totals: Totals;
  agents: AgentEntry[];
  scenarios: ScenarioEntry[];
  toolkit: ToolkitSection;
  bugs: Bug[];
  /** Problems of the reporter or its inputs (unreadable matrix, crashed agents, ...). */
  errors: string[];
  /** Things worth knowing that are not failures (IDs named by tests but missing from the matrix). */
  warnings: string[];
  /** Present on merged reports: how many reports were merged. */
  mergedFrom?: number;
  /** Tests that failed and then passed on a retry (CI only): flaky, never counted as a clean pass. */
  flaky?: FlakyTest[];
  /** The shard or agent run each part of the report came from, with its timing (merged reports). */
  shards?: ShardEntry[];
  /** Set by the shard itself (ORCH_SHARD_ID in CI) so the merge keeps its name. */
  shard?: string;
  /** The orchestrator's diagnosis of every failed test: re-run alone, classified, logs attached. */
  diagnosis?: DiagnosedTest[];
  /** The comparison with the previous runs: regressions, improvements, trends. */
  history?: HistorySection;
  /** Stryker's mutation score per package (full profile, `pnpm mutate`). */
  mutation?: MutationSection;
}

export interface FlakyTest {
  agent: string;
  test: string;
  file: string;
  /** Retries it needed before passing. */
  retries: number;
  scenarios: string[];
}

export interface ShardEntry {
  id: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  agents: string[];
  tests: number;
  failed: number;
}

export interface DiagnosedTest {
  agent: string;
  file: string;
  test: string;
  message: string;
  class: 'flaky' | 'deterministic' | 'environment' | 'timeout';
  service?: string;
  why: string;
  rerun?: { status: string; durationMs: number; output: string; servicesTouched: string[]; serviceLogs: Record<string, string> };
}

export interface HistoryChange {
  kind: 'scenario' | 'figure' | 'tests';
  subject: string;
  before: string;
  after: string;
  detail: string;
}

export interface HistoryPoint {
  startedAt: string;
  passed: number;
  failed: number;
  validated: number;
  durationMs: number;
  /** Figures worth a trend line, by `scenario metric` key. */
  figures: Record<string, number>;
}

export interface HistorySection {
  /** The report this run is compared with (its startedAt), absent on a first run. */
  previous?: string;
  regressions: HistoryChange[];
  improvements: HistoryChange[];
  /** Oldest first, this run last. */
  trend: HistoryPoint[];
}

export interface MutationSection {
  source: string;
  packages: { name: string; score: number | null; killed: number; survived: number; timeout: number; noCoverage: number; total: number }[];
  note?: string;
}
