export { parseCommandLine, UsageError, type ParsedCommandLine } from './cli/parse-command-line';
export { GoldenSignalsReporter, type GoldenSignalsOptions } from './golden-signals-reporter';
export { buildReport, finalizeReport, TOOLKIT_PROJECT, type BuildReportInput, type RunFile, type RunTest } from './report/build-report';
export { mergeReports } from './report/merge-reports';
export { mergeJunitFiles } from './report/merge-junit';
export { stepSummary, STEP_SUMMARY_LIMIT } from './render/step-summary';
export { mergeMetricList } from './report/merge-metrics';
export { crashedAgentReport, type CrashedAgentOptions } from './report/crashed-agent-report';
export { readReport, ReportFormatError } from './report/read-report';
export { findReportFiles } from './report/find-report-files';
export { scenarioVerdict, type AgentRunState } from './report/scenario-status';
export {
  REPORT_VERSION,
  type AgentEntry,
  type AgentStatus,
  type Bug,
  type DiagnosedTest,
  type FlakyTest,
  type HistoryChange,
  type HistoryPoint,
  type HistorySection,
  type MutationSection,
  type ShardEntry,
  type CoveragePackage,
  type CoverageSection,
  type MachineInfo,
  type Report,
  type ScenarioEntry,
  type ScenarioMetric,
  type ScenarioStatus,
  type ScenarioTest,
  type ServiceEntry,
  type TestStatus,
} from './report/report-types';
export { defaultMatrixPath, loadUserCaseMatrix, type MatrixLoad, type MatrixScenario, type UserCaseMatrix } from './inputs/user-case-matrix';
export { COVERAGE_FINAL_FILE, COVERAGE_TARGET, coverageFromFinalFiles, coverageFromMap, coverageFromSummaryFile, coverageNotCollected } from './inputs/package-coverage';
export { attachCoverage, attachMergedCoverage, describeCoverage } from './report/attach-coverage';
export { machineInfo } from './inputs/machine-info';
export { MUTATION_SCORE_FILE, mutationScore, readMutationScore } from './inputs/mutation-score';
export { writeReportFiles, dailyReportBaseName, type WrittenReport } from './render/write-report-files';
export { renderMarkdown } from './render/render-markdown';
export { markdownToHtml, renderHtml } from './render/render-html';
export { htmlDashboard } from './render/html-dashboard';
export { archivePreviousReport, historySection, HISTORY_LIMIT } from './history/report-history';
export { compareReports, historyPoint, NOISE_RATIO } from './history/compare-reports';
export { buildReportView, type ReportView } from './render/report-view';
export { AGENT_TEMPLATES, SECURITY_SEVERITY, VALIDATION_SUMMARY, WORKFLOW_GROUPS } from './template-fields';
