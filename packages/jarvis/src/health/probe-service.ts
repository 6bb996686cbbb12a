import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock/clock';
import { parseHealthPayload, type ReportedHealth } from './health-payload';
import { ProbeTimeoutError, timedGet } from './http-probe';
import type { MonitoredService } from './monitored-service';
import { BreakerOpenError, type ServiceBreaker } from './service-breaker';
import type { ProbeOutcome } from './service-snapshot';
import type { SignalWindow } from './signal-window';

export interface ProbeResult {
  outcome: ProbeOutcome;
  report?: ReportedHealth;
  payloadProblem?: string;
}

class ProbeHttpError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly latencyMs: number,
    body: string,
  ) {
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

/**
 * One health probe through the service's circuit breaker (or around it, to verify a freshly
 * restarted process whose boot would otherwise trip it), with a deadline on the clock. Its
 * latency goes into the signal window; every failure becomes an outcome, never a throw.
 */
export async function probeService(
  target: { config: MonitoredService; breaker: ServiceBreaker; window: SignalWindow },
  clock: Clock,
  timeoutMs: number,
  options: { viaBreaker?: boolean } = {},
): Promise<ProbeResult> {
  const started = performance.now();
  const get = async (): Promise<Awaited<ReturnType<typeof timedGet>>> => {
    const got = await timedGet(target.config.healthUrl, clock, timeoutMs);
    if (got.status < 200 || got.status >= 300) throw new ProbeHttpError(got.status, got.latencyMs, got.body);
    return got;
  };
  try {
    const answer = options.viaBreaker === false ? await get() : await target.breaker.fire(get);
    target.window.recordLatency(clock.now(), answer.latencyMs);
    const parsed = parseHealthPayload(answer.body);
    if (parsed.kind === 'ok') return { outcome: { ok: true, httpStatus: answer.status, latencyMs: answer.latencyMs }, report: parsed.report };
    const failure = parsed.kind === 'empty' ? 'empty-payload' : 'malformed-payload';
    const message = parsed.kind === 'empty' ? 'health endpoint answered 200 with an empty payload' : parsed.message;
    return { outcome: { ok: true, httpStatus: answer.status, latencyMs: answer.latencyMs, failure, message }, payloadProblem: failure };
  } catch (error) {
    const latencyMs = performance.now() - started;
    if (error instanceof ProbeHttpError) {
      target.window.recordLatency(clock.now(), error.latencyMs);
      return { outcome: { ok: false, httpStatus: error.httpStatus, latencyMs: error.latencyMs, failure: 'http-error', message: error.message } };
    }
    if (error instanceof BreakerOpenError) return { outcome: { ok: false, latencyMs, failure: 'circuit-open', message: error.message } };
    if (error instanceof ProbeTimeoutError) return { outcome: { ok: false, latencyMs, failure: 'timeout', message: error.message } };
    // fetch hides the socket error (ECONNREFUSED, ECONNRESET, ...) in `cause`.
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { outcome: { ok: false, latencyMs, failure: 'network', message: cause ? `${(error as Error).message} (${cause})` : (error as Error).message } };
  }
}

/** Is there evidence the service is alive although the probe could not reach it (a fresh heartbeat, another path)? */
export async function partitionEvidence(
  target: { config: MonitoredService; heartbeat: { at: number; report: ReportedHealth | undefined } | undefined },
  clock: Clock,
  options: { heartbeatTtlMs: number; timeoutMs: number },
): Promise<string | undefined> {
  const heartbeat = target.heartbeat;
  if (heartbeat && clock.now() - heartbeat.at < options.heartbeatTtlMs && heartbeat.report && heartbeat.report.status !== 'down') {
    return `heartbeat ${Math.round((clock.now() - heartbeat.at) / 1000)} s ago reports ${heartbeat.report.status}`;
  }
  for (const url of target.config.altHealthUrls ?? []) {
    try {
      const answer = await timedGet(url, clock, options.timeoutMs);
      const parsed = parseHealthPayload(answer.body);
      if (answer.status >= 200 && answer.status < 300 && parsed.kind === 'ok' && parsed.report.status !== 'down') return `second probe path reports ${parsed.report.status}`;
    } catch {
      // That path is unreachable too; try the next one.
    }
  }
  return undefined;
}
