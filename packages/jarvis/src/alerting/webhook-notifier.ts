import type { AlertNotification, Notifier } from './alert';

export interface WebhookNotifierOptions {
  url: string;
  name?: string;
  /** Real-time deadline for one delivery. */
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export class WebhookDeliveryError extends Error {
  readonly code = 'WEBHOOK_DELIVERY_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'WebhookDeliveryError';
  }
}

/** Posts each alert notification as JSON (Alertmanager-style body) to a webhook URL. */
export class WebhookNotifier implements Notifier {
  readonly name: string;
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;

  constructor(options: WebhookNotifierOptions) {
    this.url = new URL(options.url).toString();
    this.name = options.name ?? 'webhook';
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.headers = options.headers ?? {};
  }

  async notify(notification: AlertNotification): Promise<void> {
    const body = {
      version: '1',
      status: notification.state,
      sentAt: new Date(notification.sentAt).toISOString(),
      alert: notification.alert,
    };
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new WebhookDeliveryError(`webhook ${this.name} unreachable: ${(error as Error).message}`);
    }
    // Drain the body so the connection is reused or closed, never leaked.
    await response.arrayBuffer();
    if (!response.ok) throw new WebhookDeliveryError(`webhook ${this.name} answered HTTP ${response.status}`);
  }
}
