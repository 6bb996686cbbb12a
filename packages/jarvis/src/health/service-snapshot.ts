/** What JARVIS knows about one monitored service after its latest check. */
export type ServiceStatus = 'unknown' | 'healthy' | 'degraded' | 'unreachable' | 'down';

export type SignalLevel = 'ok' | 'warning' | 'critical';

export interface GoldenSignals {
  /** p95 of probe and proxied-request latency over the signal window (HDR histogram), ms. */
  latencyP95Ms: number | null;
  /** Requests per second: proxied through the gateway over the traffic window, or reported by the service (the larger). */
  trafficRps: number;
  /** Fraction of failed requests (0..1) over the window, or reported by the service (the larger); null when no traffic. */
  errorRate: number | null;
  /** Highest of CPU and memory use in percent, as reported by the service or measured for its local process. */
  saturationPercent: number | null;
  cpuPercent: number | null;
  memoryPercent: number | null;
}

export interface SignalLevels {
  latency: SignalLevel;
  traffic: SignalLevel;
  errors: SignalLevel;
  saturation: SignalLevel;
}

export interface ProbeOutcome {
  ok: boolean;
  /** HTTP status, when an answer came back. */
  httpStatus?: number;
  /** Real milliseconds from request to answer (or failure). */
  latencyMs: number;
  /** timeout | network | http-error | empty-payload | malformed-payload | reported-down | reported-degraded | circuit-open */
  failure?: string;
  message?: string;
}

export interface ServiceSnapshot {
  name: string;
  status: ServiceStatus;
  /** Clock time of the check that produced this snapshot. */
  checkedAt: number | null;
  /** Clock time the current status began. */
  since: number | null;
  reasons: string[];
  signals: GoldenSignals;
  levels: SignalLevels;
  probe: ProbeOutcome | null;
  breaker: 'closed' | 'open' | 'half-open';
  flapping: boolean;
  percentStateChange: number;
  /** Clock time of the last heartbeat the service pushed, if any. */
  lastHeartbeatAt: number | null;
  consecutiveFailures: number;
}

export interface AggregateSnapshot {
  status: 'healthy' | 'degraded' | 'down' | 'unknown';
  checkedAt: number | null;
  services: Record<string, ServiceSnapshot>;
}
