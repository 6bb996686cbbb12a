export interface StripeClientOptions {
  apiKey: string;
  baseUrl?: string;
}

/** The few Stripe calls the lifecycle automation makes (form-encoded, with Stripe's Idempotency-Key). */
export class StripeClient {
  private readonly baseUrl: string;

  constructor(private readonly options: StripeClientOptions) {
    this.baseUrl = options.baseUrl ?? 'https://api.stripe.com';
  }

  createCustomer(input: { email: string; name: string; userId: string }, idempotencyKey: string): Promise<{ id: string }> {
    return this.post('/v1/customers', { email: input.email, name: input.name, 'metadata[user_id]': input.userId }, idempotencyKey) as Promise<{ id: string }>;
  }

  createCoupon(input: { percentOff: number; name: string }, idempotencyKey: string): Promise<{ id: string; percent_off: number }> {
    return this.post('/v1/coupons', { percent_off: String(input.percentOff), duration: 'once', name: input.name }, idempotencyKey) as Promise<{ id: string; percent_off: number }>;
  }

  private async post(path: string, form: Record<string, string>, idempotencyKey: string): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': idempotencyKey },
      body: new URLSearchParams(form).toString(),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Stripe ${path} answered ${response.status}`);
    return JSON.parse(text) as unknown;
  }
}
