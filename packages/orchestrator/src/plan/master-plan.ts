import * as path from 'node:path';
import { COVERAGE_TARGET_PERCENT } from '@orch/harness';
import type { MatrixScenario, UserCaseMatrix } from './user-case-matrix';
import type { AgentTestScan, ScannedTest } from './scan-suite-tests';
import { writeJsonAtomic } from '../coordination/write-json-atomic';
import type { CodeGaps } from './code-gaps';

/** One gap to close, in priority order: P1 first. */
export interface PlanGap {
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  kind: 'scenario-not-covered' | 'file-under-target' | 'untested-export';
  /** The agent that writes the missing tests. */
  owner: string;
  /** Scenario ID, file, or `file#function`. */
  subject: string;
  why: string;
}

/** Failures of these agents block production (the reporter's high severity): their gaps come first. */
const FIRST_AGENTS = new Set(['security', 'integration', 'unit']);

/** Scenarios no test names, files under the coverage target, exports no test calls: one ordered list. */
export function prioritizedGaps(plan: Pick<MasterPlan, 'agents'>, code: CodeGaps | undefined): PlanGap[] {
  const gaps: PlanGap[] = [];
  for (const [agent, entry] of Object.entries(plan.agents)) {
    for (const scenario of entry.scenarios.filter((item) => item.status === 'gap')) {
      gaps.push({ priority: FIRST_AGENTS.has(agent) ? 'P1' : 'P2', kind: 'scenario-not-covered', owner: agent, subject: scenario.id, why: `no test names it: ${scenario.title}` });
    }
  }
  for (const file of code?.filesUnderTarget ?? []) {
    gaps.push({
      priority: file.linesPct < 50 ? 'P2' : 'P3',
      kind: 'file-under-target',
      owner: file.owner,
      subject: file.file,
      why: `${file.linesPct}% of lines covered (${file.linesCovered}/${file.linesTotal}), target ${COVERAGE_TARGET_PERCENT}%`,
    });
  }
  for (const fn of code?.untestedExports ?? []) {
    gaps.push({
      priority: 'P4',
      kind: 'untested-export',
      owner: fn.owner,
      subject: `${fn.file}#${fn.name}`,
      why: fn.why === 'never-called' ? `exported ${fn.kind} no test called (line ${fn.line})` : `its file was never loaded by a test`,
    });
  }
  const rank = (gap: PlanGap): number => Number(gap.priority.slice(1));
  return gaps.sort((a, b) => rank(a) - rank(b));
}

export interface PlannedScenario extends Omit<MatrixScenario, 'agent'> {
  /** Tests whose titles name the scenario and that will run. */
  tests: Array<Pick<ScannedTest, 'file' | 'line' | 'title'>>;
  /** Titled, but skipped or todo: present, not counted as covered. */
  skippedTests: Array<Pick<ScannedTest, 'file' | 'line' | 'title'>>;
  status: 'has-tests' | 'gap';
  /**
   * `last-run`: no title in the source names it (a title built at run time), but the last report's
   * tests did; `declared`: no title and no earlier run, but the suite's sources declare the ID as a
   * literal its titles are built from (a probe catalog, a table of load levels).
   */
  testsFrom?: 'source' | 'last-run' | 'declared';
}

/** What the last report says ran for each scenario: titles built at run time (a probe catalog) are invisible to the source scan. */
export type LastRunTests = ReadonlyMap<string, ReadonlyArray<{ file: string; title: string }>>;

export interface AgentPlan {
  title: string;
  seedLines?: MatrixScenario['seedLines'];
  testFiles: string[];
  scenarios: PlannedScenario[];
  covered: string[];
  gaps: string[];
  /** IDs named in this agent's tests that the matrix does not list (typos, retired scenarios). */
  unknownScenarioIds: string[];
}

export interface MasterPlan {
  version: 1;
  generatedAt: string;
  matrix: { file: string; version: UserCaseMatrix['version'] };
  agents: Record<string, AgentPlan>;
  totals: { agents: number; scenarios: number; covered: number; gaps: number; testFiles: number; titledTests: number };
  /** The systems' code joined with the last coverage (absent when not computed). */
  code?: CodeGaps;
  /** Every gap (scenarios, files, exports) in priority order, each with its owning agent. */
  gaps: PlanGap[];
}

/** Joins the matrix with what the suites' test titles name: per agent, which scenarios have tests and which are gaps. */
export function buildMasterPlan(matrix: UserCaseMatrix, scans: AgentTestScan[], matrixFile: string, now = new Date(), code?: CodeGaps, lastRun?: LastRunTests): MasterPlan {
  const agents: Record<string, AgentPlan> = {};
  const scanOf = new Map(scans.map((scan) => [scan.agent, scan]));
  const agentNames = [...new Set([...Object.keys(matrix.agents), ...scans.map((scan) => scan.agent)])];
  const known = new Set(matrix.scenarios.map((scenario) => scenario.id));
  for (const agent of agentNames) {
    const scan = scanOf.get(agent) ?? { agent, testFiles: [], tests: [] };
    const scenarios: PlannedScenario[] = matrix.scenarios
      .filter((scenario) => scenario.agent === agent)
      .map(({ agent: _agent, ...scenario }) => {
        const naming = scan.tests.filter((test) => test.scenarios.includes(scenario.id));
        const tests = naming.filter((test) => !test.skipped).map(({ file, line, title }) => ({ file, line, title }));
        const skippedTests = naming.filter((test) => test.skipped).map(({ file, line, title }) => ({ file, line, title }));
        if (tests.length > 0) return { ...scenario, tests, skippedTests, status: 'has-tests', testsFrom: 'source' };
        const ran = (lastRun?.get(scenario.id) ?? []).map(({ file, title }) => ({ file, line: 0, title }));
        if (ran.length > 0) return { ...scenario, tests: ran, skippedTests, status: 'has-tests', testsFrom: 'last-run' };
        const declared = (scan.declared ?? [])
          .filter((entry) => entry.scenario === scenario.id)
          .map(({ file, line }) => ({ file, line, title: `(title built at run time from ${file}:${line})` }));
        if (declared.length > 0) return { ...scenario, tests: declared, skippedTests, status: 'has-tests', testsFrom: 'declared' };
        return { ...scenario, tests, skippedTests, status: 'gap' };
      });
    const unknownScenarioIds = [...new Set(scan.tests.flatMap((test) => test.scenarios).filter((id) => !known.has(id)))].sort();
    agents[agent] = {
      title: matrix.agents[agent]?.title ?? agent,
      seedLines: matrix.agents[agent]?.seedLines,
      testFiles: scan.testFiles,
      scenarios,
      covered: scenarios.filter((scenario) => scenario.status === 'has-tests').map((scenario) => scenario.id),
      gaps: scenarios.filter((scenario) => scenario.status === 'gap').map((scenario) => scenario.id),
      unknownScenarioIds,
    };
  }
  const plans = Object.values(agents);
  const gaps = prioritizedGaps({ agents }, code);
  return {
    version: 1,
    generatedAt: now.toISOString(),
    matrix: { file: matrixFile, version: matrix.version },
    agents,
    totals: {
      agents: plans.length,
      scenarios: plans.reduce((sum, plan) => sum + plan.scenarios.length, 0),
      covered: plans.reduce((sum, plan) => sum + plan.covered.length, 0),
      gaps: plans.reduce((sum, plan) => sum + plan.gaps.length, 0),
      testFiles: plans.reduce((sum, plan) => sum + plan.testFiles.length, 0),
      titledTests: scans.reduce((sum, scan) => sum + scan.tests.length, 0),
    },
    ...(code ? { code } : {}),
    gaps,
  };
}

export function writeMasterPlan(plan: MasterPlan, testPlansDirectory: string): string {
  const file = path.join(testPlansDirectory, 'master-plan.json');
  writeJsonAtomic(file, plan);
  return file;
}

/** A few lines for the terminal: per agent, covered/total and the first gaps. */
export function summarizePlan(plan: MasterPlan, agents: readonly string[]): string[] {
  const lines = [`plan: ${plan.totals.covered}/${plan.totals.scenarios} scenarios have tests, ${plan.totals.gaps} gaps, ${plan.totals.testFiles} test files`];
  if (plan.code) {
    const code = plan.code;
    lines.push(
      code.coverage.note
        ? `  code: ${code.exportedFunctions} exported functions; ${code.coverage.note}`
        : `  code: ${code.exportedFunctions} exported functions, ${code.untestedExports.length} never called by a test, ${code.filesUnderTarget.length} files under ${COVERAGE_TARGET_PERCENT}% (last coverage: ${code.coverage.files.length} map${code.coverage.files.length === 1 ? '' : 's'})`,
    );
  }
  for (const agent of agents) {
    const entry = plan.agents[agent];
    if (!entry) continue;
    const gaps = entry.gaps.length > 0 ? `  gaps: ${entry.gaps.slice(0, 6).join(' ')}${entry.gaps.length > 6 ? ` (+${entry.gaps.length - 6})` : ''}` : '';
    const unknown = entry.unknownScenarioIds.length > 0 ? `  not in matrix: ${entry.unknownScenarioIds.join(' ')}` : '';
    const fromLastRun = entry.scenarios.filter((scenario) => scenario.testsFrom === 'last-run').length;
    const fromDeclared = entry.scenarios.filter((scenario) => scenario.testsFrom === 'declared').length;
    const builtAtRunTime = [fromLastRun > 0 ? `${fromLastRun} from the last report` : '', fromDeclared > 0 ? `${fromDeclared} declared in the suite's sources` : ''].filter(
      Boolean,
    );
    const lastRun = builtAtRunTime.length > 0 ? ` (by titles built at run time: ${builtAtRunTime.join(', ')})` : '';
    lines.push(
      `  ${agent.padEnd(12)} ${String(entry.covered.length).padStart(3)}/${String(entry.scenarios.length).padEnd(3)} covered${lastRun}, ${entry.testFiles.length} files${gaps}${unknown}`,
    );
  }
  return lines;
}
