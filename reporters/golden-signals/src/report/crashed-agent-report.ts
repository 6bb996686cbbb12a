import { buildReport, emptyAgent } from './build-report';
import { AGENT_TITLES, defaultMatrixPath, loadUserCaseMatrix, type MatrixLoad } from '../inputs/user-case-matrix';
import type { Report } from './report-types';

export interface CrashedAgentOptions {
  /** Matrix to list the agent's scenarios from; defaults to ORCH_MATRIX_PATH or fixtures/user-case-matrix.json. */
  matrix?: MatrixLoad | string;
  rootDir?: string;
  at?: Date;
}

/**
 * The report of an agent whose process died before writing its own: the agent is `crashed`
 * with the reason, each of its scenarios is not run because of it. Merged with the other
 * agents' reports, it keeps a crash from silently shrinking the totals.
 */
export function crashedAgentReport(agent: string, reason: string, options: CrashedAgentOptions = {}): Report {
  const loaded = typeof options.matrix === 'object' ? options.matrix : loadUserCaseMatrix(options.matrix ?? defaultMatrixPath());
  const only: MatrixLoad = {
    ...loaded,
    matrix: {
      ...loaded.matrix,
      agents: loaded.matrix.agents[agent] ? { [agent]: loaded.matrix.agents[agent]! } : {},
      scenarios: loaded.matrix.scenarios.filter((scenario) => scenario.agent === agent),
    },
  };
  const at = options.at ?? new Date();
  const report = buildReport({ startedAt: at, finishedAt: at, rootDir: options.rootDir ?? process.cwd(), matrix: only, files: [], sidecars: [] });
  const entry = report.agents.find((candidate) => candidate.name === agent) ?? emptyAgent(agent, loaded.matrix.agents[agent]?.title ?? AGENT_TITLES[agent] ?? agent);
  report.agents = [entry];
  entry.status = 'crashed';
  entry.error = reason;
  report.errors.push(`agent ${agent} crashed: ${reason}`);
  // Scenarios of the matrix are scoped to this agent already; recompute with the crash reason.
  for (const scenario of report.scenarios) {
    scenario.status = 'not-run';
    scenario.reason = `the ${agent} agent crashed: ${reason}`;
  }
  entry.scenarios = { validated: 0, failed: 0, notRun: report.scenarios.length, notCovered: 0 };
  report.totals.scenarios = { validated: 0, failed: 0, notRun: report.scenarios.length, notCovered: 0, total: report.scenarios.length };
  return report;
}
