/** One alert instance: a rule firing for one service. */
export interface Alert {
  /** Unique per firing episode. */
  id: string;
  /** rule + service: alerts with the same fingerprint are one alert (deduplication). */
  fingerprint: string;
  rule: string;
  severity: 'critical' | 'warning';
  service: string;
  state: 'pending' | 'firing' | 'resolved';
  summary: string;
  /** Clock time the condition was first observed. */
  activeSince: number;
  firedAt: number | null;
  resolvedAt: number | null;
  labels: Record<string, string>;
}

export interface Notifier {
  readonly name: string;
  notify(notification: AlertNotification): Promise<void>;
}

export interface AlertNotification {
  state: 'firing' | 'resolved';
  alert: Alert;
  sentAt: number;
}
