/** One observation JARVIS learns from: a health check, a request, a failure, an action. */
export interface LearningEvent {
  /** Clock time, ms since the epoch. */
  at: number;
  kind: string;
  service: string;
  endpoint?: string;
  latencyMs?: number;
  ok: boolean;
  detail?: Record<string, unknown>;
}

/** A recurring failure: `service` fails around `hourOfDay` (UTC) on most days. */
export interface FailurePattern {
  id: string;
  type: 'recurring-failure';
  service: string;
  hourOfDay: number;
  /** Share of observed days on which the failure happened in that hour. */
  support: number;
  /** Share of the service's failures that fall in that hour. */
  confidence: number;
  occurrences: number;
  daysWithFailure: number;
  daysObserved: number;
  firstSeen: number;
  lastSeen: number;
}

/** One row of the hourly pre-aggregate both stores keep. */
export interface RollupRow {
  hour: number;
  service: string;
  endpoint: string;
  kind: string;
  events: number;
  failures: number;
  latencySum: number;
  latencyMax: number;
}

export interface Insights {
  totalEvents: number;
  services: Array<{ service: string; events: number; failures: number; failureRate: number }>;
  slowEndpoints: Array<{ endpoint: string; service: string; avgLatencyMs: number; maxLatencyMs: number; requests: number }>;
  failuresByHourOfDay: number[];
  patterns: FailurePattern[];
}

export const HOUR_MS = 3_600_000;
