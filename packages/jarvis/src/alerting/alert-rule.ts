import type { ServiceSnapshot } from '../health/service-snapshot';

/**
 * A Prometheus-style rule: `condition` must hold continuously for `forMs` before the alert
 * fires, and is kept firing for `keepFiringForMs` after it clears, so a service that bounces
 * yields one alert per episode rather than one per flip.
 */
export interface AlertRule {
  name: string;
  severity: 'critical' | 'warning';
  forMs: number;
  keepFiringForMs: number;
  /** Rules about availability step aside while the service is flapping (the flapping rule speaks for it). */
  suppressWhileFlapping: boolean;
  /** Stays silent while another alert of the same service is firing: that alert already speaks for the episode. */
  deferToFiring?: boolean;
  condition(snapshot: ServiceSnapshot): boolean;
  summary(snapshot: ServiceSnapshot): string;
}

export interface AlertTiming {
  /** How long `down` must hold (the recheck interval: one confirming check). */
  downForMs: number;
  /** How long degraded / unreachable must hold. */
  warnForMs: number;
  keepFiringForMs: number;
}

/** Timing for the seed's 30 s poll; createJarvis scales it to the configured poll interval. */
export const DEFAULT_ALERT_TIMING: AlertTiming = { downForMs: 10_000, warnForMs: 60_000, keepFiringForMs: 60_000 };

/**
 * Defaults sized so an alert fires within the seed's 60 s: a failure is seen by the next poll
 * (≤ 30 s, + 5 s if the probe times out), confirmed by the recheck 10 s later, and the down rule
 * fires once it has held 10 s — at most ~50 s after the failure began.
 */
export function defaultAlertRules(timing: AlertTiming = DEFAULT_ALERT_TIMING): AlertRule[] {
  return [
    {
      name: 'ServiceDown',
      severity: 'critical',
      forMs: timing.downForMs,
      keepFiringForMs: timing.keepFiringForMs,
      suppressWhileFlapping: true,
      condition: (snapshot) => snapshot.status === 'down',
      summary: (snapshot) => `${snapshot.name} is down: ${snapshot.reasons.join('; ')}`,
    },
    {
      name: 'ServiceDegraded',
      severity: 'warning',
      forMs: timing.warnForMs,
      keepFiringForMs: timing.keepFiringForMs,
      suppressWhileFlapping: true,
      condition: (snapshot) => snapshot.status === 'degraded',
      summary: (snapshot) => `${snapshot.name} is degraded: ${snapshot.reasons.join('; ')}`,
    },
    {
      name: 'ServiceUnreachable',
      severity: 'warning',
      forMs: timing.warnForMs,
      keepFiringForMs: timing.keepFiringForMs,
      suppressWhileFlapping: true,
      condition: (snapshot) => snapshot.status === 'unreachable',
      summary: (snapshot) => `${snapshot.name} is unreachable from JARVIS but alive by other evidence: ${snapshot.reasons.join('; ')}`,
    },
    {
      name: 'ServiceFlapping',
      severity: 'warning',
      forMs: 0,
      keepFiringForMs: 0,
      suppressWhileFlapping: false,
      deferToFiring: true,
      condition: (snapshot) => snapshot.flapping,
      summary: (snapshot) => `${snapshot.name} is flapping (${snapshot.percentStateChange} % weighted state change over the last 21 checks)`,
    },
  ];
}
