export { realClock, type Clock, type TimerHandle } from './clock/clock';
export { ERROR_CODES, isErrorCode, type ErrorCode } from './errors/error-codes';
export { JarvisError } from './errors/jarvis-error';
export {
  JarvisEvents,
  type AlertEvent,
  type CheckEvent,
  type EscalationEvent,
  type FlappingEvent,
  type JarvisEventMap,
  type PollEvent,
  type RecoveryEvent,
  type StatusChangeEvent,
} from './events/jarvis-events';
export { classifyStatus, UNREACHABLE_FAILURES, type CheckFindings } from './health/classify-status';
export { DEFAULT_FLAP_OPTIONS, FlapDetector, type FlapOptions } from './health/flap-detector';
export { HealthAggregator, type HealthAggregatorOptions, type ProcessUsage } from './health/health-aggregator';
export { interpretHealth, parseHealthPayload, type ParsedPayload, type ReportedHealth } from './health/health-payload';
export { ProbeTimeoutError, redactUrl, timedGet, type HttpAnswer } from './health/http-probe';
export { baseUrlOf, validateServices, type MonitoredService } from './health/monitored-service';
export { BreakerOpenError, DEFAULT_BREAKER_OPTIONS, ServiceBreaker, type BreakerOptions, type BreakerState } from './health/service-breaker';
export type { AggregateSnapshot, GoldenSignals, ProbeOutcome, ServiceSnapshot, ServiceStatus, SignalLevel, SignalLevels } from './health/service-snapshot';
export { PollScheduler, type CheckKind, type PollSchedulerOptions } from './health/poll-scheduler';
export { partitionEvidence, probeService, type ProbeResult } from './health/probe-service';
export { prometheusText, type ServiceMetrics } from './health/prometheus-metrics';
export { levelsOf, signalReasons, worstLevel } from './health/signal-levels';
export { SignalWindow, type WindowOptions } from './health/signal-window';
export { DEFAULT_THRESHOLDS, resolveThresholds, type GoldenSignalThresholds } from './health/thresholds';
export type { Alert, AlertNotification, Notifier } from './alerting/alert';
export { AlertManager, type AlertManagerOptions, type DeliveryRecord } from './alerting/alert-manager';
export { DEFAULT_ALERT_TIMING, defaultAlertRules, type AlertRule, type AlertTiming } from './alerting/alert-rule';
export { WebhookDeliveryError, WebhookNotifier, type WebhookNotifierOptions } from './alerting/webhook-notifier';
export { InMemoryActionLog, type ActionLog, type ActionRecord, type RecoveryActionKind } from './recovery/action-log';
export { ChildProcessSupervisor, type ChildProcessSupervisorOptions } from './recovery/child-process-supervisor';
export { IpDenylist } from './recovery/ip-denylist';
export { OrphanWatchdog } from './recovery/orphan-watchdog';
export { verifyRecovery } from './recovery/verify-recovery';
export type { ProcessExit, ProcessInfo, ProcessSpec, ProcessSupervisor } from './recovery/process-supervisor';
export { readProcessUsage } from './recovery/process-usage';
export { RecoveryManager, type RecoveryManagerOptions, type RecoveryVerdict } from './recovery/recovery-manager';
export { InMemoryScaler, type Scaler } from './recovery/scaler';
export { createJarvis, type Jarvis, type JarvisOptions } from './jarvis/create-jarvis';
export { createAutonomyRuntime, type AutonomyOptions, type AutonomyRuntime, type AutonomyStatus } from './jarvis/autonomy-runtime';
export { buildApp, type BuildAppOptions, type RateLimitOptions, type RouteInfo } from './gateway/build-app';
export { renderError } from './gateway/error-handler';
export { createLogger, maskUrl, REDACTED_PATHS, type LoggerOptions } from './gateway/logger';
export { TokenService, type Principal, type Role, type TokenPair, type UserAccount } from './gateway/token-service';
export { ConfigError, configFromEnv } from './config/env-config';
export { KillSwitch, type KillSwitchState } from './safety/kill-switch';
export { OperationRateLimiter, type RateDecision } from './safety/operation-rate-limiter';
export { DEFAULT_COMMAND_WHITELIST, SafetyGuard, type OperationRequest, type SafetyGuardOptions } from './safety/safety-guard';
export { AuditedActionLog } from './audit/audited-action-log';
export { AuditTrail, verifyAuditFiles, type AuditCheckpoint, type AuditEntry, type AuditInput, type AuditTrailOptions, type AuditVerification } from './audit/audit-trail';
export { EmailClient, type EmailClientOptions, type EmailMessage } from './notify/email-client';
export { HumanEscalation, type Escalation, type HumanEscalationOptions } from './notify/human-escalation';
export { ControlLoop, type ControlLoopOptions, type IterationContext, type IterationResult } from './autonomy/control-loop';
export { IterationTimings, type IterationTiming } from './autonomy/iteration-timings';
export { AutoRecovery, type AutoRecoveryOptions, type RecoveryStep, type RecoveryStepKind } from './autonomy/auto-recovery';
export { dependencyOrder } from './autonomy/dependency-order';
export { verifyRestart, type Verification, type VerifyOptions } from './autonomy/restart-verifier';
export { RetryLedger, type RetryState } from './autonomy/retry-ledger';
export { LogWatcher, type LogScan } from './autonomy/log-watcher';
export { AutonomousOperator, httpServiceProbe, type AutonomousOperatorOptions, type ServiceProbe, type SystemState } from './autonomy/autonomous-operator';
export { HOUR_MS, type FailurePattern, type Insights, type LearningEvent, type RollupRow } from './learning/learning-event';
export { mineFailurePatterns, type MiningOptions } from './learning/pattern-miner';
export { LearningStore, type Optimization } from './learning/learning-store';
export { PgLearningStore } from './learning/pg-learning-store';
export { migrateLearningStore, type MigrationResult } from './learning/migrate-learning-store';
export { CachingProxy, type CachingProxyOptions } from './learning/caching-proxy';
export { EndpointOptimizer, type EndpointOptimizerOptions } from './learning/endpoint-optimizer';
export { exportCommit, GitWatcher } from './deploy/git-watcher';
export { ReleaseEnvironment, type ReleaseEnvironmentOptions } from './deploy/release-environment';
export { DeploymentPipeline, type DeploymentOutcome, type DeploymentPipelineOptions, type DeploymentRecord } from './deploy/deployment-pipeline';
export { MODEL_PRICES, requestCost } from './business/model-pricing';
export { TrafficSplit } from './business/traffic-split';
export { COST_OPTIMIZATION_ALERT, CostOptimizer, type CostOptimizerOptions, type CostProjection, type UsageRecord } from './business/cost-optimizer';
export { EcsServiceClient, type EcsServiceClientOptions } from './business/ecs-service-client';
export { ScalingController, type ScalingControllerOptions, type ScalingDecision, type TaskScaler } from './business/scaling-controller';
export { CATEGORY_MODELS, routeRequest, type RequestCategory, type RoutingDecision } from './business/model-router';
export { StripeClient, type StripeClientOptions } from './business/stripe-client';
export { CustomerLifecycle, type Customer, type LifecycleOptions, type LifecycleWebhook } from './business/customer-lifecycle';
