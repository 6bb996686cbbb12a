/**
 * What a monitored service's health endpoint (or heartbeat) reports about itself. The shape is
 * lenient on names because services differ (`ok`/`healthy`/`up`/`pass`), but strict on meaning:
 * a 200 with an empty body, a non-JSON body or JSON without a recognisable status is not proof
 * of health, so it yields `malformed` and the service is marked degraded.
 */
export interface ReportedHealth {
  status: 'healthy' | 'degraded' | 'down';
  latencyP95Ms?: number;
  trafficRps?: number;
  errorRate?: number;
  cpuPercent?: number;
  memoryPercent?: number;
}

export type ParsedPayload = { kind: 'ok'; report: ReportedHealth } | { kind: 'empty' } | { kind: 'malformed'; message: string };

const HEALTHY = new Set(['ok', 'healthy', 'up', 'pass', 'green']);
const DEGRADED = new Set(['degraded', 'warn', 'warning', 'yellow']);
const DOWN = new Set(['down', 'fail', 'error', 'unhealthy', 'critical', 'red']);

export function parseHealthPayload(body: string): ParsedPayload {
  if (body.trim() === '') return { kind: 'empty' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { kind: 'malformed', message: 'health payload is not JSON' };
  }
  return interpretHealth(value);
}

export function interpretHealth(value: unknown): ParsedPayload {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { kind: 'malformed', message: 'health payload is not a JSON object' };
  const record = value as Record<string, unknown>;
  if (Object.keys(record).length === 0) return { kind: 'empty' };
  const rawStatus = typeof record.status === 'string' ? record.status.toLowerCase() : undefined;
  let status: ReportedHealth['status'];
  if (rawStatus && HEALTHY.has(rawStatus)) status = 'healthy';
  else if (rawStatus && DEGRADED.has(rawStatus)) status = 'degraded';
  else if (rawStatus && DOWN.has(rawStatus)) status = 'down';
  else return { kind: 'malformed', message: rawStatus ? `unknown health status "${rawStatus}"` : 'health payload has no status' };

  const sources = [record, asRecord(record.metrics), asRecord(record.signals), asRecord(record.saturation)];
  const pick = (...names: string[]): number | undefined => {
    for (const source of sources) {
      if (!source) continue;
      for (const name of names) {
        const candidate = source[name];
        if (typeof candidate === 'number' && Number.isFinite(candidate) && candidate >= 0) return candidate;
      }
    }
    return undefined;
  };
  const report: ReportedHealth = { status };
  const latency = pick('latencyP95Ms', 'p95Ms');
  const traffic = pick('trafficRps', 'requestsPerSecond', 'rps');
  const errorRate = pick('errorRate');
  const cpu = pick('cpuPercent', 'cpu');
  const memory = pick('memoryPercent', 'memory');
  if (latency !== undefined) report.latencyP95Ms = latency;
  if (traffic !== undefined) report.trafficRps = traffic;
  if (errorRate !== undefined) report.errorRate = Math.min(1, errorRate);
  if (cpu !== undefined) report.cpuPercent = cpu;
  if (memory !== undefined) report.memoryPercent = memory;
  return { kind: 'ok', report };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
