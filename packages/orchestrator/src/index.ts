export { parseArguments, USAGE, UsageError, type CliOptions } from './cli/parse-arguments';
export { SharedStateWriter, type AgentState, type AgentStatus, type RunPhase, type SharedState } from './coordination/shared-state';
export { writeJsonAtomic } from './coordination/write-json-atomic';
export { diagnose, formatDiagnosis, type AgentDiagnosis, type Diagnosis, type FailingTest } from './diagnose/diagnose';
export { formatAgentRow, plainProgressView, ttyProgressView, type ProgressView } from './monitor/progress-view';
export { agentGroups, CODE_PACKAGES, EXCLUSIVE_AGENTS, orchestrate, workersPerAgent, type OrchestrateOptions, type OrchestrateResult, type ServicesHandle } from './orchestrate';
export { classifyFailure, type FailureClass, type FailureClassification } from './diagnose/classify-failure';
export { rerunFailedTests, type RerunOptions } from './diagnose/rerun-failed-tests';
export { codeGaps, lastCoverageFiles, owningAgent, type CodeGaps, type FileUnderTarget, type UntestedExport } from './plan/code-gaps';
export { exportedFunctions, exportedFunctionsOfSource, type ExportedFunction } from './plan/exported-functions';
export { splitRuns } from './test-cli';
export {
  buildMasterPlan,
  prioritizedGaps,
  summarizePlan,
  writeMasterPlan,
  type AgentPlan,
  type MasterPlan,
  type LastRunTests,
  type PlanGap,
  type PlannedScenario,
} from './plan/master-plan';
export { lastRunTests } from './plan/last-run-tests';
export { scanSuiteTests, scanTestSource, type AgentTestScan, type ScannedTest } from './plan/scan-suite-tests';
export { MatrixError, readUserCaseMatrix, type MatrixAgent, type MatrixScenario, type UserCaseMatrix } from './plan/user-case-matrix';
export { aggregateReport, crashReason, type AggregateInput, type AggregateResult } from './report/aggregate-report';
export { agentPaths, type AgentPaths } from './run/agent-paths';
export { jestAgentCommand, type AgentCommand, type AgentCommandBuilder, type JestCommandOptions } from './run/jest-command';
export { readJestResults, type JestResults } from './run/jest-results';
export { emptyProgress, ProgressFileReader, type AgentProgress } from './run/progress-file';
export { classify, formatDuration, runAgent, type AgentOutcome, type RunAgentOptions } from './run/run-agent';
export { runPool } from './run/run-pool';
export { TailBuffer } from './run/tail-buffer';
export { durationsFromJunit, writeTestDurations, type TestDurations } from './durations/test-durations';
