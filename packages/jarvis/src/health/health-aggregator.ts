import { performance } from 'node:perf_hooks';
import { realClock, type Clock, type TimerHandle } from '../clock/clock';
import { JarvisError } from '../errors/jarvis-error';
import { JarvisEvents } from '../events/jarvis-events';
import { DEFAULT_FLAP_OPTIONS, FlapDetector, type FlapOptions } from './flap-detector';
import { interpretHealth, parseHealthPayload, type ReportedHealth } from './health-payload';
import { ProbeTimeoutError, timedGet } from './http-probe';
import { validateServices, type MonitoredService } from './monitored-service';
import { BreakerOpenError, DEFAULT_BREAKER_OPTIONS, ServiceBreaker, type BreakerOptions } from './service-breaker';
import type { AggregateSnapshot, GoldenSignals, ProbeOutcome, ServiceSnapshot, ServiceStatus, SignalLevel, SignalLevels } from './service-snapshot';
import { SignalWindow } from './signal-window';
import { resolveThresholds, type GoldenSignalThresholds } from './thresholds';

export interface ProcessUsage {
  /** null while not yet measurable (fewer than two samples). */
  cpuPercent: number | null;
  memoryPercent: number;
}

export interface HealthAggregatorOptions {
  services: MonitoredService[];
  clock?: Clock;
  events?: JarvisEvents;
  /** Seed: health check runs every 30 seconds. */
  pollIntervalMs?: number;
  /** Seed: a health endpoint that does not answer within 5 seconds is down. */
  probeTimeoutMs?: number;
  /** A changed result is confirmed by one extra check this long after it (Nagios retry interval); 0 disables. */
  recheckIntervalMs?: number;
  thresholds?: Partial<GoldenSignalThresholds>;
  signalWindowMs?: number;
  trafficWindowMs?: number;
  /** A pushed heartbeat counts as evidence of life for this long (default two poll intervals). */
  heartbeatTtlMs?: number;
  breaker?: Partial<BreakerOptions>;
  flap?: Partial<FlapOptions>;
  /** Measures a local process's CPU and memory (the ProcessSupervisor's `usage`). */
  processUsage?: (service: string) => ProcessUsage | undefined;
}

interface ServiceState {
  config: MonitoredService;
  window: SignalWindow;
  breaker: ServiceBreaker;
  flaps: FlapDetector;
  snapshot: ServiceSnapshot;
  heartbeat: { at: number; report: ReportedHealth | undefined } | undefined;
  inFlight: Promise<void> | undefined;
  recheck: TimerHandle | undefined;
}

class ProbeHttpError extends Error {
  constructor(readonly httpStatus: number, readonly latencyMs: number, body: string) {
    super(`health endpoint answered HTTP ${httpStatus}${describeFailingBody(body)}`);
  }
}

/** What a failing health answer says about itself (AI DAWG lists its dependencies that are down). */
function describeFailingBody(body: string): string {
  try {
    const parsed = JSON.parse(body) as { status?: unknown; dependencies?: Array<{ name?: unknown; status?: unknown }> };
    const down = Array.isArray(parsed.dependencies) ? parsed.dependencies.filter((dependency) => dependency.status === 'down').map((dependency) => String(dependency.name)) : [];
    const parts = [typeof parsed.status === 'string' ? `reports ${parsed.status}` : '', down.length > 0 ? `dependencies down: ${down.join(', ')}` : ''].filter(Boolean);
    return parts.length > 0 ? ` (${parts.join('; ')})` : '';
  } catch {
    return '';
  }
}

const LEVEL_ORDER: Record<SignalLevel, number> = { ok: 0, warning: 1, critical: 2 };

/**
 * Polls every monitored service on the injected clock, computes its Four Golden Signals and a
 * status, and keeps the latest aggregate ready for `GET /health` (which therefore does no I/O).
 * Probes run concurrently, each with its own deadline and circuit breaker, so one slow or dead
 * service never delays the verdict on the others.
 */
export class HealthAggregator {
  readonly events: JarvisEvents;
  readonly thresholds: GoldenSignalThresholds;
  readonly pollIntervalMs: number;
  readonly probeTimeoutMs: number;
  private readonly clock: Clock;
  private readonly recheckIntervalMs: number;
  private readonly heartbeatTtlMs: number;
  private readonly states = new Map<string, ServiceState>();
  private readonly processUsage: HealthAggregatorOptions['processUsage'];
  private pollTimer: TimerHandle | undefined;
  private currentPoll: Promise<void> | undefined;
  private aggregateJson = '';
  private closed = false;
  private lastPollAt: number | null = null;

  constructor(options: HealthAggregatorOptions) {
    validateServices(options.services);
    this.clock = options.clock ?? realClock;
    this.events = options.events ?? new JarvisEvents();
    this.thresholds = resolveThresholds(options.thresholds);
    this.pollIntervalMs = options.pollIntervalMs ?? 30_000;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 5_000;
    this.recheckIntervalMs = options.recheckIntervalMs ?? 10_000;
    this.heartbeatTtlMs = options.heartbeatTtlMs ?? 2 * this.pollIntervalMs;
    this.processUsage = options.processUsage;
    const breakerOptions = { ...DEFAULT_BREAKER_OPTIONS, ...options.breaker };
    const flapOptions = { ...DEFAULT_FLAP_OPTIONS, ...options.flap };
    for (const config of options.services) {
      const state: ServiceState = {
        config,
        window: new SignalWindow({ windowMs: options.signalWindowMs ?? 60_000, trafficWindowMs: options.trafficWindowMs ?? 10_000, bucketMs: 1_000 }),
        breaker: new ServiceBreaker(config.name, this.clock, breakerOptions, (breakerState) => {
          state.snapshot = { ...state.snapshot, breaker: breakerState };
          this.refreshAggregate();
        }),
        flaps: new FlapDetector(flapOptions),
        snapshot: initialSnapshot(config.name),
        heartbeat: undefined,
        inFlight: undefined,
        recheck: undefined,
      };
      this.states.set(config.name, state);
    }
    this.refreshAggregate();
  }

  /** Starts polling: one poll now, then one every `pollIntervalMs` on the clock. */
  start(): void {
    if (this.pollTimer || this.closed) return;
    this.pollTimer = this.clock.setInterval(() => void this.pollNow(), this.pollIntervalMs);
    void this.pollNow();
  }

  stop(): void {
    this.pollTimer?.cancel();
    this.pollTimer = undefined;
    for (const state of this.states.values()) {
      state.recheck?.cancel();
      state.recheck = undefined;
    }
  }

  get running(): boolean {
    return this.pollTimer !== undefined;
  }

  serviceNames(): string[] {
    return [...this.states.keys()];
  }

  serviceConfig(name: string): MonitoredService {
    return this.stateOf(name).config;
  }

  hasService(name: string): boolean {
    return this.states.has(name);
  }

  /** Checks every service once, concurrently; resolves when all have a verdict. */
  pollNow(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const startedAt = this.clock.now();
    this.lastPollAt = startedAt;
    const started = performance.now();
    const names: string[] = [];
    const checks: Promise<void>[] = [];
    for (const state of this.states.values()) {
      state.recheck?.cancel();
      state.recheck = undefined;
      // A probe still running from the previous poll is left to finish rather than doubled up.
      if (state.inFlight) continue;
      names.push(state.config.name);
      checks.push(this.check(state, 'poll'));
    }
    const poll = Promise.all(checks).then(() => {
      this.events.emit('poll', { startedAt, finishedAt: this.clock.now(), durationMs: performance.now() - started, services: names });
    });
    this.currentPoll = poll;
    return poll;
  }

  /** Resolves once no probe is in flight (for callers that advance a simulated clock). */
  async idle(): Promise<void> {
    for (;;) {
      const pending = [...this.states.values()].flatMap((state) => (state.inFlight ? [state.inFlight] : []));
      if (this.currentPoll) pending.push(this.currentPoll);
      if (pending.length === 0) return;
      await Promise.all(pending);
      if ([...this.states.values()].every((state) => !state.inFlight)) {
        this.currentPoll = undefined;
        return;
      }
    }
  }

  /** Names of services whose probe has not answered yet. */
  inFlight(): string[] {
    return [...this.states.values()].filter((state) => state.inFlight).map((state) => state.config.name);
  }

  snapshot(): AggregateSnapshot {
    const services: Record<string, ServiceSnapshot> = {};
    for (const [name, state] of this.states) services[name] = state.snapshot;
    return { status: aggregateStatus(Object.values(services)), checkedAt: this.lastPollAt, services };
  }

  service(name: string): ServiceSnapshot {
    return this.stateOf(name).snapshot;
  }

  /** The aggregate serialised once per change, so `GET /health` only writes a string. */
  healthJson(): string {
    return this.aggregateJson;
  }

  breakerFor(name: string): ServiceBreaker {
    return this.stateOf(name).breaker;
  }

  /** A heartbeat pushed by the service itself (POST /api/heartbeat): evidence of life from its side. */
  recordHeartbeat(name: string, payload: unknown): { accepted: boolean; status: ReportedHealth['status'] | 'malformed' } {
    const state = this.stateOf(name);
    const parsed = interpretHealth(payload);
    state.heartbeat = { at: this.clock.now(), report: parsed.kind === 'ok' ? parsed.report : undefined };
    state.snapshot = { ...state.snapshot, lastHeartbeatAt: state.heartbeat.at };
    this.refreshAggregate();
    return { accepted: true, status: parsed.kind === 'ok' ? parsed.report.status : 'malformed' };
  }

  /** A request the gateway proxied to the service: traffic, errors and latency as users see them. */
  recordRequest(name: string, latencyMs: number, failed: boolean): void {
    this.stateOf(name).window.recordRequest(this.clock.now(), latencyMs, failed);
  }

  /** Recomputes every service's signals from the windows without probing (e.g. after load). */
  evaluateSignals(name: string): ServiceSnapshot {
    const state = this.stateOf(name);
    const signals = this.computeSignals(state, state.heartbeat?.report);
    state.snapshot = { ...state.snapshot, signals, levels: this.levelsOf(signals) };
    this.refreshAggregate();
    return state.snapshot;
  }

  /** Golden signals of every service, for `GET /metrics`. */
  metrics(): Record<string, { status: ServiceStatus; signals: GoldenSignals; levels: SignalLevels; breaker: string; flapping: boolean }> {
    const result: Record<string, { status: ServiceStatus; signals: GoldenSignals; levels: SignalLevels; breaker: string; flapping: boolean }> = {};
    for (const [name, state] of this.states) {
      const signals = this.computeSignals(state, state.heartbeat?.report ?? undefined);
      result[name] = { status: state.snapshot.status, signals, levels: this.levelsOf(signals), breaker: state.breaker.state, flapping: state.snapshot.flapping };
    }
    return result;
  }

  /** The same figures in Prometheus text exposition format. */
  prometheusText(): string {
    const lines: string[] = [];
    const metric = (name: string, help: string, values: Array<[string, number | null]>): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
      for (const [service, value] of values) if (value !== null) lines.push(`${name}{service="${service}"} ${value}`);
    };
    const all = Object.entries(this.metrics());
    metric('jarvis_service_up', '1 when the service is healthy or degraded, 0 when down or unreachable', all.map(([name, m]) => [name, m.status === 'healthy' || m.status === 'degraded' ? 1 : 0]));
    metric('jarvis_service_latency_p95_ms', 'p95 latency over the signal window', all.map(([name, m]) => [name, m.signals.latencyP95Ms]));
    metric('jarvis_service_traffic_rps', 'requests per second', all.map(([name, m]) => [name, m.signals.trafficRps]));
    metric('jarvis_service_error_rate', 'fraction of failed requests', all.map(([name, m]) => [name, m.signals.errorRate]));
    metric('jarvis_service_saturation_percent', 'highest of CPU and memory use', all.map(([name, m]) => [name, m.signals.saturationPercent]));
    return `${lines.join('\n')}\n`;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stop();
    for (const state of this.states.values()) {
      state.breaker.shutdown();
      state.window.clear();
    }
  }

  private stateOf(name: string): ServiceState {
    const state = this.states.get(name);
    if (!state) throw new JarvisError('UNKNOWN_SERVICE', `no monitored service is named "${name}"`, { service: name });
    return state;
  }

  private check(state: ServiceState, kind: 'poll' | 'recheck'): Promise<void> {
    const run = this.probe(state)
      .then((result) => this.apply(state, kind, result))
      .finally(() => {
        state.inFlight = undefined;
      });
    state.inFlight = run;
    return run;
  }

  private async probe(state: ServiceState): Promise<{ outcome: ProbeOutcome; report?: ReportedHealth; payloadProblem?: string }> {
    const started = performance.now();
    try {
      const answer = await state.breaker.fire(async () => {
        const got = await timedGet(state.config.healthUrl, this.clock, this.probeTimeoutMs);
        if (got.status < 200 || got.status >= 300) throw new ProbeHttpError(got.status, got.latencyMs, got.body);
        return got;
      });
      state.window.recordLatency(this.clock.now(), answer.latencyMs);
      const parsed = parseHealthPayload(answer.body);
      if (parsed.kind === 'ok') return { outcome: { ok: true, httpStatus: answer.status, latencyMs: answer.latencyMs }, report: parsed.report };
      const failure = parsed.kind === 'empty' ? 'empty-payload' : 'malformed-payload';
      const message = parsed.kind === 'empty' ? 'health endpoint answered 200 with an empty payload' : parsed.message;
      return { outcome: { ok: true, httpStatus: answer.status, latencyMs: answer.latencyMs, failure, message }, payloadProblem: failure };
    } catch (error) {
      const latencyMs = performance.now() - started;
      if (error instanceof ProbeHttpError) {
        state.window.recordLatency(this.clock.now(), error.latencyMs);
        return { outcome: { ok: false, httpStatus: error.httpStatus, latencyMs: error.latencyMs, failure: 'http-error', message: error.message } };
      }
      if (error instanceof BreakerOpenError) return { outcome: { ok: false, latencyMs, failure: 'circuit-open', message: error.message } };
      if (error instanceof ProbeTimeoutError) return { outcome: { ok: false, latencyMs, failure: 'timeout', message: error.message } };
      // fetch hides the socket error (ECONNREFUSED, ECONNRESET, ...) in `cause`.
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { outcome: { ok: false, latencyMs, failure: 'network', message: cause ? `${(error as Error).message} (${cause})` : (error as Error).message } };
    }
  }

  /** Is there evidence the service is alive although this probe could not reach it? */
  private async partitionEvidence(state: ServiceState): Promise<string | undefined> {
    const heartbeat = state.heartbeat;
    if (heartbeat && this.clock.now() - heartbeat.at <= this.heartbeatTtlMs && heartbeat.report && heartbeat.report.status !== 'down') {
      return `heartbeat ${Math.round((this.clock.now() - heartbeat.at) / 1000)} s ago reports ${heartbeat.report.status}`;
    }
    for (const url of state.config.altHealthUrls ?? []) {
      try {
        const answer = await timedGet(url, this.clock, this.probeTimeoutMs);
        const parsed = parseHealthPayload(answer.body);
        if (answer.status >= 200 && answer.status < 300 && parsed.kind === 'ok' && parsed.report.status !== 'down') return `second probe path reports ${parsed.report.status}`;
      } catch {
        // That path is unreachable too; try the next one.
      }
    }
    return undefined;
  }

  private async apply(state: ServiceState, kind: 'poll' | 'recheck', result: { outcome: ProbeOutcome; report?: ReportedHealth; payloadProblem?: string }): Promise<void> {
    if (this.closed) return;
    const { outcome, report } = result;
    const reasons: string[] = [];
    let status: ServiceStatus;
    if (!outcome.ok) {
      const unreachableKinds = ['timeout', 'network', 'circuit-open'];
      const evidence = unreachableKinds.includes(outcome.failure ?? '') ? await this.partitionEvidence(state) : undefined;
      if (evidence) {
        status = 'unreachable';
        reasons.push(`probe failed (${outcome.failure}) but ${evidence}: network partition, not an outage`);
      } else {
        status = 'down';
        reasons.push(outcome.failure === 'timeout' ? `health endpoint did not answer within ${this.probeTimeoutMs} ms` : `probe failed (${outcome.failure}): ${outcome.message ?? ''}`.trim());
      }
    } else if (result.payloadProblem) {
      status = 'degraded';
      reasons.push(outcome.message ?? result.payloadProblem);
    } else if (report?.status === 'down') {
      status = 'down';
      reasons.push('service reports itself down');
    } else {
      status = report?.status === 'degraded' ? 'degraded' : 'healthy';
      if (status === 'degraded') reasons.push('service reports itself degraded');
    }
    const signals = this.computeSignals(state, report);
    const levels = this.levelsOf(signals);
    if (status === 'healthy' || status === 'degraded') {
      const worst = Math.max(...(Object.values(levels) as SignalLevel[]).map((level) => LEVEL_ORDER[level]));
      reasons.push(...this.signalReasons(signals, levels));
      if (worst === 2) status = 'down';
      else if (worst === 1) status = 'degraded';
    }
    const at = this.clock.now();
    const previous = state.snapshot;
    const flapChanged = state.flaps.record(status);
    state.snapshot = {
      name: state.config.name,
      status,
      checkedAt: at,
      since: previous.status === status && previous.since !== null ? previous.since : at,
      reasons,
      signals,
      levels,
      probe: outcome,
      breaker: state.breaker.state,
      flapping: state.flaps.flapping,
      percentStateChange: Math.round(state.flaps.percentStateChange * 100) / 100,
      lastHeartbeatAt: state.heartbeat?.at ?? null,
      consecutiveFailures: status === 'healthy' ? 0 : previous.consecutiveFailures + 1,
    };
    this.refreshAggregate();
    if (flapChanged) {
      this.events.emit('flapping', { service: state.config.name, at, flapping: state.flaps.flapping, percentStateChange: state.flaps.percentStateChange });
    }
    if (previous.status !== status) {
      this.events.emit('status', { service: state.config.name, from: previous.status, to: status, at, reasons, snapshot: state.snapshot });
      // A first verdict of healthy needs no confirmation; any other change gets one quick recheck.
      if (!(previous.status === 'unknown' && status === 'healthy')) this.scheduleRecheck(state);
    }
    this.events.emit('check', { service: state.config.name, at, kind, snapshot: state.snapshot });
  }

  private scheduleRecheck(state: ServiceState): void {
    if (this.recheckIntervalMs <= 0 || !this.pollTimer || this.closed) return;
    state.recheck?.cancel();
    state.recheck = this.clock.setTimeout(() => {
      state.recheck = undefined;
      if (!state.inFlight && !this.closed) void this.check(state, 'recheck');
    }, this.recheckIntervalMs);
  }

  private computeSignals(state: ServiceState, report: ReportedHealth | undefined): GoldenSignals {
    const now = this.clock.now();
    const measuredP95 = state.window.latencyP95Ms(now);
    const latencyP95Ms = maxOf(measuredP95, report?.latencyP95Ms);
    const trafficRps = Math.max(state.window.trafficRps(now), report?.trafficRps ?? 0);
    const errorRate = maxOf(state.window.errorRate(now), report?.errorRate);
    const local = this.processUsage?.(state.config.name);
    const cpuPercent = report?.cpuPercent ?? local?.cpuPercent ?? null;
    const memoryPercent = report?.memoryPercent ?? local?.memoryPercent ?? null;
    const saturationPercent = maxOf(cpuPercent, memoryPercent ?? undefined);
    return { latencyP95Ms: round(latencyP95Ms), trafficRps: round(trafficRps) ?? 0, errorRate, saturationPercent: round(saturationPercent), cpuPercent: round(cpuPercent), memoryPercent: round(memoryPercent) };
  }

  private levelsOf(signals: GoldenSignals): SignalLevels {
    const t = this.thresholds;
    const level = (value: number | null, warning: number, critical: number): SignalLevel => (value === null ? 'ok' : value > critical ? 'critical' : value > warning ? 'warning' : 'ok');
    return {
      latency: level(signals.latencyP95Ms, t.latencyP95Ms, t.latencyCriticalP95Ms),
      traffic: level(signals.trafficRps, t.capacityRps, t.trafficCriticalRps),
      errors: level(signals.errorRate, t.errorRate, t.errorRateCritical),
      saturation: level(signals.saturationPercent, t.saturationPercent, t.saturationCriticalPercent),
    };
  }

  private signalReasons(signals: GoldenSignals, levels: SignalLevels): string[] {
    const t = this.thresholds;
    const reasons: string[] = [];
    if (levels.latency !== 'ok') reasons.push(`latency p95 ${signals.latencyP95Ms} ms > ${levels.latency === 'critical' ? t.latencyCriticalP95Ms : t.latencyP95Ms} ms (${levels.latency})`);
    if (levels.traffic !== 'ok') reasons.push(`traffic ${signals.trafficRps} req/s > capacity ${levels.traffic === 'critical' ? t.trafficCriticalRps : t.capacityRps} req/s (${levels.traffic})`);
    if (levels.errors !== 'ok') reasons.push(`error rate ${((signals.errorRate ?? 0) * 100).toFixed(2)} % > ${((levels.errors === 'critical' ? t.errorRateCritical : t.errorRate) * 100).toFixed(2)} % (${levels.errors})`);
    if (levels.saturation !== 'ok') reasons.push(`saturation ${signals.saturationPercent} % > ${levels.saturation === 'critical' ? t.saturationCriticalPercent : t.saturationPercent} % (${levels.saturation})`);
    return reasons;
  }

  private refreshAggregate(): void {
    this.aggregateJson = JSON.stringify(this.snapshot());
  }
}

function initialSnapshot(name: string): ServiceSnapshot {
  return {
    name,
    status: 'unknown',
    checkedAt: null,
    since: null,
    reasons: ['not checked yet'],
    signals: { latencyP95Ms: null, trafficRps: 0, errorRate: null, saturationPercent: null, cpuPercent: null, memoryPercent: null },
    levels: { latency: 'ok', traffic: 'ok', errors: 'ok', saturation: 'ok' },
    probe: null,
    breaker: 'closed',
    flapping: false,
    percentStateChange: 0,
    lastHeartbeatAt: null,
    consecutiveFailures: 0,
  };
}

function aggregateStatus(services: ServiceSnapshot[]): AggregateSnapshot['status'] {
  if (services.length === 0) return 'healthy';
  if (services.every((service) => service.status === 'unknown')) return 'unknown';
  if (services.every((service) => service.status === 'healthy')) return 'healthy';
  if (services.every((service) => service.status === 'down')) return 'down';
  return 'degraded';
}

function maxOf(a: number | null | undefined, b: number | null | undefined): number | null {
  const values = [a, b].filter((value): value is number => typeof value === 'number');
  return values.length === 0 ? null : Math.max(...values);
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
