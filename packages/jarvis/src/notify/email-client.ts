export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Provider-side deduplication: the same key is sent once. */
  idempotencyKey?: string;
}

export interface EmailClientOptions {
  /** The provider's send endpoint (SendGrid-style JSON API by default). */
  endpoint?: string;
  apiKey: string;
  from: string;
}

/** Sends e-mail through a transactional provider's HTTP API (third party; nock stands in for it in tests). */
export class EmailClient {
  private readonly endpoint: string;

  constructor(private readonly options: EmailClientOptions) {
    this.endpoint = options.endpoint ?? 'https://api.sendgrid.com/v3/mail/send';
  }

  async send(message: EmailMessage): Promise<void> {
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.options.apiKey}`,
        'content-type': 'application/json',
        ...(message.idempotencyKey ? { 'idempotency-key': message.idempotencyKey } : {}),
      },
      body: JSON.stringify({
        personalizations: [{ to: [{ email: message.to }] }],
        from: { email: this.options.from },
        subject: message.subject,
        content: [{ type: 'text/plain', value: message.text }],
      }),
    });
    if (!response.ok) throw new Error(`e-mail provider answered ${response.status}`);
  }
}
