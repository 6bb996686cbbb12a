export { realClock, type Clock, type TimerHandle } from './clock/clock';
export { SimulatedClock, flushPromises } from './clock/simulated-clock';
export {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeHistograms,
  percentileMs,
  recordMilliseconds,
  summarizeLatency,
  type Histogram,
  type LatencySummary,
} from './histogram/latency-histogram';
export { expectMetric, readSidecarRecords, recordMetric, recordNotRun, type MetricInput } from './metrics/record-metric';
export { ensureRunDirectory, runDirectory, sidecarFileName } from './metrics/run-dir';
export { METRIC_SIDECAR_SCHEMA, SIDECAR_VERSION, type MetricRecord, type MetricRole, type NotRunRecord, type SidecarRecord } from './metrics/sidecar-record';
export { resolveFigure, type FigureInput, type ResolvedFigure } from './metrics/resolve-figure';
export { describeStatistic, isDistribution, statisticOf, statisticOfHistogram, statisticOfSamples, StatisticError, type Statistic } from './slo/statistic';
export { breachImplies, thresholdImplies, type Implication, type UnitThreshold } from './slo/threshold-implication';
export { convertUnit, isTimeUnit } from './slo/units';
export { AGENTS, agentOfScenario, parseScenarioIds, SCENARIO_ID_PATTERN, type AgentName } from './scenarios/scenario-ids';
export { checkThreshold, compare, parseThreshold, ThresholdSyntaxError, type Threshold, type ThresholdCheck } from './slo/threshold';
export { containerRuntime, CONTAINER_IMAGES } from './services/container-services';
export { connectionFromEnvironment, connectionToEnvironment, SERVICE_ENVIRONMENT } from './services/environment-services';
export { freePort } from './services/free-port';
export {
  createS3Client,
  createTestBucket,
  createTestDatabase,
  redisKeyPrefix,
  serviceConnection,
  ServiceNotConfiguredError,
  uniqueName,
  type TestBucket,
  type TestDatabase,
} from './services/isolation';
export { startLocalPostgres } from './services/local-postgres';
export { startLocalRedis } from './services/local-redis';
export { LOCAL_S3_CREDENTIALS, startLocalS3 } from './services/local-s3';
export { isAlive, reapOrphans, registerEntry, registryDirectory, unregisterEntry, type RegistryEntry } from './services/process-registry';
export { ServiceUnavailableError, startService, type ProviderChainOptions } from './services/provider-chain';
export { ALL_SERVICES, readServicesFile, SERVICES_FILE, startServices, writeServicesFile, type ServicesFile, type StartedServices } from './services/start-services';
export {
  describeService,
  startedService,
  type ProviderName,
  type ServiceConnection,
  type ServiceDescription,
  type ServiceName,
  type StartedService,
} from './services/started-service';
export { waitUntil, WaitTimeoutError } from './services/wait-until';
export { testNotRun, testUnless } from './jest/not-run';
export { repositoryRoot, startSystemProcess, typescriptEntryCommand, type StartedSystemProcess, type SystemProcessOptions } from './targets/system-process';
export { startReferenceAiDawg, type AiDawgService, type ReferenceAiDawgOptions } from './targets/reference-ai-dawg';
export { startReferenceJarvis, type ReferenceJarvisOptions } from './targets/reference-jarvis';
export { registerAiDawgUser } from './targets/register-ai-dawg-user';
export { startTarget, type StartTargetOptions } from './targets/start-target';
export { TargetConfigurationError, type SystemName, type SystemTarget, type TargetKind, type TargetRole, type TargetUser } from './targets/system-target';
export { controlUnavailableReason, deployedUrl, TARGET_ENVIRONMENT } from './targets/target-environment';
export { readTargetRecords, recordTarget, targetRecordDirectory, targetsByAgent, type TargetRecord } from './targets/target-record';
export { testNeedsControl } from './targets/test-needs-control';
export { urlTarget } from './targets/url-target';
export { runClosedModel, type ClosedModelOptions, type ClosedModelResult } from './load/closed-model';
export { isLocalTarget, startGeneratorProbe, type GeneratorHealth, type GeneratorProbe } from './load/generator-health';
export { formatLatencyTable, latencyTable, TABLE_PERCENTILES, type LatencyRow } from './load/latency-table';
export { listeningProcessId, serverProcessId } from './load/listening-process';
export { runOpenModel, type EndpointFigures, type LoadRequest, type OpenModelOptions, type OpenModelResult } from './load/open-model-sender';
export { canSampleProcesses, readProcessSample, sampleProcess, type ProcessSample, type ProcessSampler, type ProcessUsage } from './load/process-sampler';
export { formatThresholdLine, matrixThreshold, matrixThresholds, type ScenarioThreshold } from './load/threshold-line';
export { runWebSocketStreams, type WebSocketStreamsOptions, type WebSocketStreamsResult } from './load/websocket-streams';
export { startStallingServer, type StallingServer } from './load/stalling-server';
export { AGENT_DEFINITIONS, AGENT_ID_PREFIXES, AGENT_TITLES } from './scenarios/scenario-ids';
export { COVERAGE_AGENTS, COVERAGE_TARGET_PERCENT, COVERED_PACKAGES } from './project/coverage-target';
export { ENVIRONMENT_VARIABLES, environmentTable, orchEnvironment, type EnvironmentVariable, type OrchEnvironment } from './environment/orch-environment';
export { checkAgainstSchema, formatSchemaProblems, type SchemaCheck, type SchemaProblem } from './schemas/schema-validator';
export {
  loadUserCaseMatrix,
  MatrixError,
  readUserCaseMatrix,
  USER_CASE_MATRIX_SCHEMA,
  type MatrixAgent,
  type MatrixContextLine,
  type MatrixLoad,
  type MatrixScenario,
  type UserCaseMatrix,
} from './matrix/user-case-matrix';
export { k6Threshold, k6Thresholds, renderK6Script, type K6Script, type K6ThresholdTerm } from './load/k6-script';
export { remoteLoadRefusal } from './load/remote-load';
export { chromiumMissingReason, chromiumPath, launchChromium } from './browser/chromium';
