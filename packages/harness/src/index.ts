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
export { SIDECAR_VERSION, type MetricRecord, type NotRunRecord, type SidecarRecord } from './metrics/sidecar-record';
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
export { isAlive, reapOrphans, registryDirectory } from './services/process-registry';
export { ServiceUnavailableError, startService, type ProviderChainOptions } from './services/provider-chain';
export { ALL_SERVICES, readServicesFile, SERVICES_FILE, startServices, writeServicesFile, type ServicesFile, type StartedServices } from './services/start-services';
export { describeService, startedService, type ProviderName, type ServiceConnection, type ServiceDescription, type ServiceName, type StartedService } from './services/started-service';
export { waitUntil, WaitTimeoutError } from './services/wait-until';
export { testNotRun, testUnless } from './jest/not-run';
export { repositoryRoot, startSystemProcess, typescriptEntryCommand, type StartedSystemProcess, type SystemProcessOptions } from './targets/system-process';
