import { EventEmitter } from 'node:events';
import type { Alert } from '../alerting/alert';
import type { ActionRecord } from '../recovery/action-log';
import type { ServiceSnapshot, ServiceStatus } from '../health/service-snapshot';

export interface StatusChangeEvent {
  service: string;
  from: ServiceStatus;
  to: ServiceStatus;
  /** Clock time of the check that observed the change. */
  at: number;
  reasons: string[];
  snapshot: ServiceSnapshot;
}

export interface CheckEvent {
  service: string;
  at: number;
  /** A scheduled poll, the confirming recheck after a change, a re-probe on a sign of failure between polls, or a restart's verification. */
  kind: 'poll' | 'recheck' | 'reprobe' | 'verify';
  snapshot: ServiceSnapshot;
}

export interface PollEvent {
  startedAt: number;
  finishedAt: number;
  /** Real milliseconds the whole poll took (all probes concurrently). */
  durationMs: number;
  services: string[];
}

export interface AlertEvent {
  state: 'firing' | 'resolved';
  alert: Alert;
}

export interface RecoveryEvent {
  phase: 'started' | 'succeeded' | 'failed';
  service: string;
  action: ActionRecord['action'];
  attempt: number;
  at: number;
  record: ActionRecord;
}

export interface EscalationEvent {
  service: string;
  at: number;
  attempts: number;
  reason: string;
}

export interface FlappingEvent {
  service: string;
  at: number;
  flapping: boolean;
  percentStateChange: number;
}

export interface JarvisEventMap {
  status: [StatusChangeEvent];
  check: [CheckEvent];
  poll: [PollEvent];
  alert: [AlertEvent];
  recovery: [RecoveryEvent];
  escalation: [EscalationEvent];
  flapping: [FlappingEvent];
}

/**
 * One typed event bus shared by the aggregator, alert manager and recovery manager, so a caller
 * (an integration test, a dashboard) can wait on `status`, `alert` and `recovery` in one place.
 */
export class JarvisEvents extends EventEmitter<JarvisEventMap> {
  constructor() {
    super();
    // Tests and the gateway add several listeners per event; this is not a leak.
    this.setMaxListeners(100);
  }
}
