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
export { DEFAULT_FLAP_OPTIONS, FlapDetector, type FlapOptions } from './health/flap-detector';
export { HealthAggregator, type HealthAggregatorOptions, type ProcessUsage } from './health/health-aggregator';
export { interpretHealth, parseHealthPayload, type ParsedPayload, type ReportedHealth } from './health/health-payload';
export { ProbeTimeoutError, redactUrl, timedGet, type HttpAnswer } from './health/http-probe';
export { baseUrlOf, validateServices, type MonitoredService } from './health/monitored-service';
export { BreakerOpenError, DEFAULT_BREAKER_OPTIONS, ServiceBreaker, type BreakerOptions, type BreakerState } from './health/service-breaker';
export type { AggregateSnapshot, GoldenSignals, ProbeOutcome, ServiceSnapshot, ServiceStatus, SignalLevel, SignalLevels } from './health/service-snapshot';
export { SignalWindow, type WindowOptions } from './health/signal-window';
export { DEFAULT_THRESHOLDS, resolveThresholds, type GoldenSignalThresholds } from './health/thresholds';
export type { Alert, AlertNotification, Notifier } from './alerting/alert';
export { AlertManager, type AlertManagerOptions, type DeliveryRecord } from './alerting/alert-manager';
export { DEFAULT_ALERT_TIMING, defaultAlertRules, type AlertRule, type AlertTiming } from './alerting/alert-rule';
export { WebhookDeliveryError, WebhookNotifier, type WebhookNotifierOptions } from './alerting/webhook-notifier';
export { InMemoryActionLog, type ActionLog, type ActionRecord, type RecoveryActionKind } from './recovery/action-log';
export { ChildProcessSupervisor, type ChildProcessSupervisorOptions } from './recovery/child-process-supervisor';
export { IpDenylist } from './recovery/ip-denylist';
export type { ProcessExit, ProcessInfo, ProcessSpec, ProcessSupervisor } from './recovery/process-supervisor';
export { readProcessUsage } from './recovery/process-usage';
export { RecoveryManager, type RecoveryManagerOptions } from './recovery/recovery-manager';
export { InMemoryScaler, type Scaler } from './recovery/scaler';
export { createJarvis, type Jarvis, type JarvisOptions } from './jarvis/create-jarvis';
export { buildApp, type BuildAppOptions, type RateLimitOptions, type RouteInfo } from './gateway/build-app';
export { renderError } from './gateway/error-handler';
export { createLogger, maskUrl, REDACTED_PATHS, type LoggerOptions } from './gateway/logger';
export { TokenService, type Principal, type Role, type TokenPair, type UserAccount } from './gateway/token-service';
export { ConfigError, configFromEnv } from './config/env-config';
