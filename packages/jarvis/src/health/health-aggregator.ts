import { performance } from 'node:perf_hooks';
import { realClock, type Clock } from '../clock/clock';
import { JarvisError } from '../errors/jarvis-error';
import { JarvisEvents } from '../events/jarvis-events';
import { classifyStatus, UNREACHABLE_FAILURES } from './classify-status';
import { DEFAULT_FLAP_OPTIONS, FlapDetector, type FlapOptions } from './flap-detector';
import { interpretHealth, type ReportedHealth } from './health-payload';
import { validateServices, type MonitoredService } from './monitored-service';
import { PollScheduler, type CheckKind } from './poll-scheduler';
import { partitionEvidence, probeService, type ProbeResult } from './probe-service';
import { prometheusText } from './prometheus-metrics';
import { DEFAULT_BREAKER_OPTIONS, ServiceBreaker, type BreakerOptions } from './service-breaker';
import type { AggregateSnapshot, GoldenSignals, ServiceSnapshot, ServiceStatus, SignalLevels } from './service-snapshot';
import { levelsOf, signalReasons } from './signal-levels';
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
  /** Latency and error-rate window (default 60 s, and never shorter than the poll interval). */
  signalWindowMs?: number;
  /** Traffic-peak window (default and minimum: the poll interval, so no request goes unseen). */
  trafficWindowMs?: number;
  /** A pushed heartbeat counts as evidence of life for this long (default two poll intervals). */
  heartbeatTtlMs?: number;
  /** Re-probes of one service (after a failed request, an exit, a missed heartbeat) are at least this far apart (default 1 s). */
  minReprobeGapMs?: number;
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
}

type ServiceMetricsView = { status: ServiceStatus; signals: GoldenSignals; levels: SignalLevels; breaker: string; flapping: boolean };

/**
 * Checks every monitored service (poll-scheduler.ts decides when), computes its Four Golden
 * Signals and a status (classify-status.ts decides what), and keeps the latest aggregate ready
 * for `GET /health` (which therefore does no I/O). Probes run concurrently, each with its own
 * deadline and circuit breaker, so one slow or dead service never delays the verdict on others.
 */
export class HealthAggregator {
  readonly events: JarvisEvents;
  readonly thresholds: GoldenSignalThresholds;
  readonly pollIntervalMs: number;
  readonly probeTimeoutMs: number;
  private readonly clock: Clock;
  private readonly heartbeatTtlMs: number;
  private readonly scheduler: PollScheduler;
  private readonly states = new Map<string, ServiceState>();
  private readonly processUsage: HealthAggregatorOptions['processUsage'];
  private currentPoll: Promise<void> | undefined;
  private aggregateJson = '';
  private isClosed = false;
  private lastPollAt: number | null = null;

  constructor(options: HealthAggregatorOptions) {
    validateServices(options.services);
    this.clock = options.clock ?? realClock;
    this.events = options.events ?? new JarvisEvents();
    this.thresholds = resolveThresholds(options.thresholds);
    this.pollIntervalMs = options.pollIntervalMs ?? 30_000;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 5_000;
    this.heartbeatTtlMs = options.heartbeatTtlMs ?? 2 * this.pollIntervalMs;
    this.processUsage = options.processUsage;
    this.scheduler = new PollScheduler({
      clock: this.clock,
      pollIntervalMs: this.pollIntervalMs,
      recheckIntervalMs: options.recheckIntervalMs ?? 10_000,
      minReprobeGapMs: options.minReprobeGapMs ?? 1_000,
      heartbeatTtlMs: this.heartbeatTtlMs,
      pollAll: () => void this.pollNow(),
      check: (service, kind) => {
        const state = this.states.get(service);
        if (state && !state.inFlight && !this.isClosed) void this.check(state, kind);
      },
    });
    const windowOptions = {
      windowMs: Math.max(options.signalWindowMs ?? 60_000, this.pollIntervalMs),
      trafficWindowMs: Math.max(options.trafficWindowMs ?? this.pollIntervalMs, this.pollIntervalMs),
      bucketMs: 1_000,
    };
    const breakerOptions = { ...DEFAULT_BREAKER_OPTIONS, ...options.breaker };
    const flapOptions = { ...DEFAULT_FLAP_OPTIONS, ...options.flap };
    for (const config of options.services) {
      const state: ServiceState = {
        config,
        window: new SignalWindow(windowOptions),
        breaker: new ServiceBreaker(config.name, this.clock, breakerOptions, (breakerState) => {
          state.snapshot = { ...state.snapshot, breaker: breakerState };
          this.refreshAggregate();
        }),
        flaps: new FlapDetector(flapOptions),
        snapshot: initialSnapshot(config.name),
        heartbeat: undefined,
        inFlight: undefined,
      };
      this.states.set(config.name, state);
    }
    this.refreshAggregate();
  }

  /** Starts polling: one poll now, then one every `pollIntervalMs` on the clock. */
  start(): void {
    if (!this.isClosed) this.scheduler.start();
  }

  stop(): void {
    this.scheduler.stop();
  }

  get running(): boolean {
    return this.scheduler.running;
  }

  get closed(): boolean {
    return this.isClosed;
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
    if (this.isClosed) return Promise.resolve();
    const startedAt = this.clock.now();
    this.lastPollAt = startedAt;
    const started = performance.now();
    const names: string[] = [];
    const checks: Promise<void>[] = [];
    for (const state of this.states.values()) {
      this.scheduler.cancelRecheck(state.config.name);
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

  /**
   * Something between two polls says the service may be gone (its process exited, a proxied
   * request failed, a heartbeat is overdue): check it now instead of at the next poll.
   */
  reprobe(name: string, reason: string): boolean {
    this.stateOf(name);
    return this.scheduler.reprobe(name, reason);
  }

  /**
   * Checks one service now (after the check in flight, if any) and returns its snapshot. `verify`
   * probes around the circuit breaker, and a healthy answer closes it: a restarted process is a
   * new service, and the old one's failures must not keep it isolated.
   */
  async checkNow(name: string, kind: 'reprobe' | 'verify' = 'reprobe'): Promise<ServiceSnapshot> {
    const state = this.stateOf(name);
    if (state.inFlight) await state.inFlight;
    if (!this.isClosed) await this.check(state, kind);
    return state.snapshot;
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
    this.scheduler.heartbeat(name);
    this.refreshAggregate();
    return { accepted: true, status: parsed.kind === 'ok' ? parsed.report.status : 'malformed' };
  }

  /** A request the gateway proxied to the service: traffic, errors and latency as users see them. A failure re-probes it. */
  recordRequest(name: string, latencyMs: number, failed: boolean): void {
    this.stateOf(name).window.recordRequest(this.clock.now(), latencyMs, failed);
    if (failed) this.scheduler.reprobe(name, 'a proxied request failed');
  }

  /** Recomputes a service's signals from its window without probing (e.g. after load). */
  evaluateSignals(name: string): ServiceSnapshot {
    const state = this.stateOf(name);
    const signals = this.computeSignals(state, state.heartbeat?.report);
    state.snapshot = { ...state.snapshot, signals, levels: levelsOf(signals, this.thresholds) };
    this.refreshAggregate();
    return state.snapshot;
  }

  /** Golden signals of every service, for `GET /metrics`. */
  metrics(): Record<string, ServiceMetricsView> {
    const result: Record<string, ServiceMetricsView> = {};
    for (const [name, state] of this.states) {
      const signals = this.computeSignals(state, state.heartbeat?.report ?? undefined);
      result[name] = { status: state.snapshot.status, signals, levels: levelsOf(signals, this.thresholds), breaker: state.breaker.state, flapping: state.snapshot.flapping };
    }
    return result;
  }

  /** The same figures in Prometheus text exposition format (prom-client). */
  prometheus(): Promise<{ contentType: string; text: string }> {
    return prometheusText(this.metrics());
  }

  async close(): Promise<void> {
    this.isClosed = true;
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

  private check(state: ServiceState, kind: CheckKind): Promise<void> {
    const run = probeService(state, this.clock, this.probeTimeoutMs, { viaBreaker: kind !== 'verify' })
      .then((result) => {
        if (kind === 'verify' && result.outcome.ok) state.breaker.reset();
        return this.apply(state, kind, result);
      })
      .finally(() => {
        state.inFlight = undefined;
      });
    state.inFlight = run;
    return run;
  }

  private async apply(state: ServiceState, kind: CheckKind, result: ProbeResult): Promise<void> {
    if (this.isClosed) return;
    const evidence =
      !result.outcome.ok && UNREACHABLE_FAILURES.includes(result.outcome.failure ?? '')
        ? await partitionEvidence(state, this.clock, { heartbeatTtlMs: this.scheduler.heartbeatWindowMs(state.config.name), timeoutMs: this.probeTimeoutMs })
        : undefined;
    const signals = this.computeSignals(state, result.report);
    const levels = levelsOf(signals, this.thresholds);
    const { status, reasons } = classifyStatus({
      ...result,
      partitionEvidence: evidence,
      probeTimeoutMs: this.probeTimeoutMs,
      levels,
      signalReasons: signalReasons(signals, levels, this.thresholds),
    });
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
      probe: result.outcome,
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
      if (!(previous.status === 'unknown' && status === 'healthy')) this.scheduler.scheduleRecheck(state.config.name);
    }
    this.events.emit('check', { service: state.config.name, at, kind, snapshot: state.snapshot });
  }

  private computeSignals(state: ServiceState, report: ReportedHealth | undefined): GoldenSignals {
    const now = this.clock.now();
    const latencyP95Ms = maxOf(state.window.latencyP95Ms(now), report?.latencyP95Ms);
    const trafficRps = Math.max(state.window.trafficRps(now), report?.trafficRps ?? 0);
    const errorRate = maxOf(state.window.errorRate(now), report?.errorRate);
    const local = this.processUsage?.(state.config.name);
    const cpuPercent = report?.cpuPercent ?? local?.cpuPercent ?? null;
    const memoryPercent = report?.memoryPercent ?? local?.memoryPercent ?? null;
    const saturationPercent = maxOf(cpuPercent, memoryPercent ?? undefined);
    return {
      latencyP95Ms: round(latencyP95Ms),
      trafficRps: round(trafficRps) ?? 0,
      errorRate,
      saturationPercent: round(saturationPercent),
      cpuPercent: round(cpuPercent),
      memoryPercent: round(memoryPercent),
    };
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
