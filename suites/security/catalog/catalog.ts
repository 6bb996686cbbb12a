import { performance } from 'node:perf_hooks';
import type { SystemName } from '@orch/harness';
import { freshClientAddress, send, type RawRequest } from '../support/http-client';
import { severityOfProbe, type Probe, type ProbeContext, type ProbeResult, type ProbeTarget } from './probe';
import { ACCESS_PROBES } from './probes/access-probes';
import { AUTH_PROBES } from './probes/auth-probes';
import { CONFIG_PROBES } from './probes/config-probes';
import { EXPOSURE_PROBES } from './probes/exposure-probes';
import { INJECTION_PROBES } from './probes/injection-probes';
import { INPUT_PROBES } from './probes/input-probes';
import { RATE_PROBES } from './probes/rate-probes';
import { SESSION_PROBES } from './probes/session-probes';
import { SOCKET_PROBES } from './probes/socket-probes';
import { SSRF_PROBES } from './probes/ssrf-probes';
import { XSS_PROBES } from './probes/xss-probes';

/** Every probe, in the order they run (rate probes last: they block addresses and fill buckets). */
export const CATALOG: readonly Probe[] = [
  ...AUTH_PROBES,
  ...SESSION_PROBES,
  ...INJECTION_PROBES,
  ...ACCESS_PROBES,
  ...XSS_PROBES,
  ...INPUT_PROBES,
  ...EXPOSURE_PROBES,
  ...CONFIG_PROBES,
  ...SSRF_PROBES,
  ...SOCKET_PROBES,
  ...RATE_PROBES,
];

export function probesFor(system: SystemName): Probe[] {
  return CATALOG.filter((probe) => probe.systems.includes(system));
}

function contextFor(target: ProbeTarget): ProbeContext {
  const own = freshClientAddress(target.baseUrl);
  return {
    target,
    request: (request: RawRequest) => send(target.baseUrl, { ...(own ? { localAddress: own } : {}), ...request }),
    newClientAddress: () => freshClientAddress(target.baseUrl),
  };
}

/** Runs one probe against a target; an exception is a finding only if it came from the target (else it is rethrown). */
export async function runProbe(probe: Probe, target: ProbeTarget): Promise<ProbeResult> {
  const started = performance.now();
  const outcome = await probe.run(contextFor(target));
  return {
    probeId: probe.id,
    system: target.system,
    title: probe.title,
    scenarios: probe.scenarios,
    owasp: probe.owasp,
    category: probe.category,
    severity: severityOfProbe(probe),
    verdict: outcome.verdict,
    evidence: outcome.evidence,
    ...(outcome.count !== undefined ? { count: outcome.count } : {}),
    ...(outcome.sample !== undefined ? { sample: outcome.sample } : {}),
    elapsedMs: performance.now() - started,
  };
}

export async function runCatalog(target: ProbeTarget, probes: readonly Probe[] = probesFor(target.system)): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (const probe of probes) results.push(await runProbe(probe, target));
  return results;
}
