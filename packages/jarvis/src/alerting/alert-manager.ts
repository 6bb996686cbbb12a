import { randomUUID } from 'node:crypto';
import { realClock, type Clock } from '../clock/clock';
import type { CheckEvent } from '../events/jarvis-events';
import { JarvisEvents } from '../events/jarvis-events';
import type { ServiceSnapshot } from '../health/service-snapshot';
import type { Alert, AlertNotification, Notifier } from './alert';
import { defaultAlertRules, type AlertRule } from './alert-rule';

export interface AlertManagerOptions {
  clock?: Clock;
  events?: JarvisEvents;
  rules?: AlertRule[];
  notifiers?: Notifier[];
  /** Resolved alerts kept for GET /api/alerts. */
  historyLimit?: number;
  onDeliveryError?: (notifier: string, error: Error) => void;
}

interface Tracked {
  alert: Alert;
  clearedSince: number | null;
}

export interface DeliveryRecord {
  notifier: string;
  state: 'firing' | 'resolved';
  fingerprint: string;
  ok: boolean;
  error?: string;
  at: number;
}

/**
 * Evaluates alert rules on every check result, and notifies on transitions only: an alert is
 * delivered once when it fires and once when it resolves, never again while it stays firing
 * (deduplication by fingerprint).
 */
export class AlertManager {
  readonly events: JarvisEvents;
  private readonly clock: Clock;
  private readonly rules: AlertRule[];
  private readonly notifiers: Notifier[];
  private readonly active = new Map<string, Tracked>();
  private readonly history: Alert[] = [];
  private readonly historyLimit: number;
  private readonly deliveries: DeliveryRecord[] = [];
  private readonly pendingDeliveries = new Set<Promise<void>>();
  private readonly onDeliveryError: (notifier: string, error: Error) => void;
  private readonly listener = (event: CheckEvent): void => this.evaluate(event.snapshot, event.at);

  constructor(options: AlertManagerOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.events = options.events ?? new JarvisEvents();
    this.rules = options.rules ?? defaultAlertRules();
    this.notifiers = [...(options.notifiers ?? [])];
    this.historyLimit = options.historyLimit ?? 500;
    this.onDeliveryError = options.onDeliveryError ?? (() => undefined);
    this.events.on('check', this.listener);
  }

  addNotifier(notifier: Notifier): void {
    this.notifiers.push(notifier);
  }

  /** Applies every rule to one service's latest snapshot. */
  evaluate(snapshot: ServiceSnapshot, at: number = this.clock.now()): void {
    for (const rule of this.rules) {
      const fingerprint = `${rule.name}/${snapshot.name}`;
      const tracked = this.active.get(fingerprint);
      const silenced =
        tracked?.alert.state !== 'firing' && ((rule.suppressWhileFlapping && snapshot.flapping) || (rule.deferToFiring === true && this.otherFiring(snapshot.name, fingerprint)));
      const holds = rule.condition(snapshot) && !silenced;
      if (holds) {
        if (!tracked) {
          const alert: Alert = {
            id: randomUUID(),
            fingerprint,
            rule: rule.name,
            severity: rule.severity,
            service: snapshot.name,
            state: 'pending',
            summary: rule.summary(snapshot),
            activeSince: at,
            firedAt: null,
            resolvedAt: null,
            labels: { service: snapshot.name, severity: rule.severity },
          };
          this.active.set(fingerprint, { alert, clearedSince: null });
          if (rule.forMs <= 0) this.fire(alert, at);
        } else {
          tracked.clearedSince = null;
          tracked.alert.summary = rule.summary(snapshot);
          if (tracked.alert.state === 'pending' && at - tracked.alert.activeSince >= rule.forMs) this.fire(tracked.alert, at);
        }
        if (snapshot.flapping) this.active.get(fingerprint)!.alert.labels.flapping = 'true';
        continue;
      }
      if (!tracked) continue;
      if (tracked.alert.state === 'pending') {
        this.active.delete(fingerprint);
        continue;
      }
      tracked.clearedSince ??= at;
      if (at - tracked.clearedSince >= rule.keepFiringForMs) this.resolve(tracked.alert, at);
    }
  }

  private otherFiring(service: string, fingerprint: string): boolean {
    for (const tracked of this.active.values()) {
      if (tracked.alert.service === service && tracked.alert.fingerprint !== fingerprint && tracked.alert.state === 'firing') return true;
    }
    return false;
  }

  firing(): Alert[] {
    return [...this.active.values()].filter((tracked) => tracked.alert.state === 'firing').map((tracked) => ({ ...tracked.alert }));
  }

  pending(): Alert[] {
    return [...this.active.values()].filter((tracked) => tracked.alert.state === 'pending').map((tracked) => ({ ...tracked.alert }));
  }

  resolved(): Alert[] {
    return this.history.map((alert) => ({ ...alert }));
  }

  deliveryLog(): DeliveryRecord[] {
    return [...this.deliveries];
  }

  /** Resolves when every notification handed to the notifiers so far has been delivered (or failed). */
  async flush(): Promise<void> {
    while (this.pendingDeliveries.size > 0) await Promise.all([...this.pendingDeliveries]);
  }

  async close(): Promise<void> {
    this.events.off('check', this.listener);
    await this.flush();
  }

  private fire(alert: Alert, at: number): void {
    alert.state = 'firing';
    alert.firedAt = at;
    this.publish('firing', alert, at);
  }

  private resolve(alert: Alert, at: number): void {
    alert.state = 'resolved';
    alert.resolvedAt = at;
    this.active.delete(alert.fingerprint);
    this.history.push({ ...alert });
    if (this.history.length > this.historyLimit) this.history.shift();
    this.publish('resolved', alert, at);
  }

  private publish(state: 'firing' | 'resolved', alert: Alert, at: number): void {
    const copy = { ...alert, labels: { ...alert.labels } };
    this.events.emit('alert', { state, alert: copy });
    const notification: AlertNotification = { state, alert: copy, sentAt: at };
    for (const notifier of this.notifiers) {
      const delivery = notifier
        .notify(notification)
        .then(
          () => {
            this.deliveries.push({ notifier: notifier.name, state, fingerprint: alert.fingerprint, ok: true, at });
          },
          (error: Error) => {
            this.deliveries.push({ notifier: notifier.name, state, fingerprint: alert.fingerprint, ok: false, error: error.message, at });
            this.onDeliveryError(notifier.name, error);
          },
        )
        .finally(() => this.pendingDeliveries.delete(delivery));
      this.pendingDeliveries.add(delivery);
    }
  }
}
