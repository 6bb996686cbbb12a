import type { Clock } from '../clock/clock';
import type { EmailClient } from '../notify/email-client';
import type { SafetyGuard } from '../safety/safety-guard';
import type { StripeClient } from './stripe-client';

export interface LifecycleWebhook {
  id: string;
  type: 'user.signup' | 'user.activity';
  data: { userId: string; email?: string; name?: string };
}

export interface Customer {
  userId: string;
  email: string;
  name: string;
  stripeCustomerId: string;
  dashboardId: string;
  signedUpAt: number;
  lastActiveAt: number;
  welcomeSentAt: number;
  /** lastActiveAt of the inactivity episode already answered with a re-engagement offer. */
  reEngagedFor: number | null;
  reEngagements: Array<{ at: number; couponId: string; percentOff: number }>;
}

export interface LifecycleOptions {
  clock: Clock;
  guard: SafetyGuard;
  stripe: StripeClient;
  email: EmailClient;
  /** Seed: 30 days of inactivity. */
  inactiveAfterMs?: number;
  /** Seed: 20% discount. */
  discountPercent?: number;
}

/**
 * Customer lifecycle without a human: a signup creates the Stripe customer, sends the welcome
 * e-mail and provisions a dashboard; 30 days without activity send one re-engagement e-mail
 * with a 20% coupon. Webhooks are idempotent by event id (a duplicate delivery, even a
 * concurrent one, does nothing twice), and the third-party calls carry idempotency keys too.
 */
export class CustomerLifecycle {
  readonly customers = new Map<string, Customer>();
  private readonly processed = new Map<string, Promise<string[]>>();
  private readonly inactiveAfterMs: number;
  private readonly discount: number;

  constructor(private readonly options: LifecycleOptions) {
    this.inactiveAfterMs = options.inactiveAfterMs ?? 30 * 86_400_000;
    this.discount = options.discountPercent ?? 20;
  }

  /** Returns the actions taken; a duplicate delivery returns the first delivery's result. */
  async handleWebhook(event: LifecycleWebhook): Promise<{ duplicate: boolean; actions: string[] }> {
    const earlier = this.processed.get(event.id);
    if (earlier) return { duplicate: true, actions: await earlier };
    const work = this.process(event);
    this.processed.set(event.id, work);
    try {
      return { duplicate: false, actions: await work };
    } catch (error) {
      // A failed delivery may be retried by the sender.
      this.processed.delete(event.id);
      throw error;
    }
  }

  /** One control-loop duty: re-engages customers inactive for 30 days; returns who was e-mailed. */
  async scanInactivity(): Promise<string[]> {
    const now = this.options.clock.now();
    const emailed: string[] = [];
    for (const customer of this.customers.values()) {
      if (now - customer.lastActiveAt < this.inactiveAfterMs || customer.reEngagedFor === customer.lastActiveAt) continue;
      const key = `reengage-${customer.userId}-${customer.lastActiveAt}`;
      const coupon = await this.options.guard.run({ command: 'create-coupon', actor: 'customer-lifecycle', target: customer.userId, detail: { percentOff: this.discount } }, () =>
        this.options.stripe.createCoupon({ percentOff: this.discount, name: `Come back: ${this.discount}% off` }, key),
      );
      const days = Math.floor((now - customer.lastActiveAt) / 86_400_000);
      await this.options.guard.run({ command: 'send-email', actor: 'customer-lifecycle', target: customer.userId, detail: { template: 're-engagement' } }, () =>
        this.options.email.send({
          to: customer.email,
          subject: `We miss you, ${customer.name}: ${this.discount}% off your next month`,
          text: `It has been ${days} days since your last visit. Use coupon ${coupon.id} for ${this.discount}% off.`,
          idempotencyKey: key,
        }),
      );
      customer.reEngagedFor = customer.lastActiveAt;
      customer.reEngagements.push({ at: now, couponId: coupon.id, percentOff: coupon.percent_off });
      emailed.push(customer.userId);
    }
    return emailed;
  }

  private async process(event: LifecycleWebhook): Promise<string[]> {
    if (event.type === 'user.activity') {
      const customer = this.customers.get(event.data.userId);
      if (customer) customer.lastActiveAt = this.options.clock.now();
      return customer ? ['activity-recorded'] : [];
    }
    const { userId, email, name } = event.data;
    if (!email || !name) throw new Error('signup webhook without email or name');
    if (this.customers.has(userId)) return [];
    const run = <T>(command: string, action: () => Promise<T>): Promise<T> =>
      this.options.guard.run({ command, actor: 'customer-lifecycle', target: userId, detail: { event: event.id } }, action);
    const stripeCustomer = await run('create-customer', () => this.options.stripe.createCustomer({ email, name, userId }, `signup-${userId}`));
    await run('send-email', () =>
      this.options.email.send({
        to: email,
        subject: `Welcome to AI DAWG, ${name}`,
        text: 'Your studio is ready: your dashboard has been set up.',
        idempotencyKey: `welcome-${userId}`,
      }),
    );
    const dashboardId = await run('provision-dashboard', async () => `dash_${userId}`);
    const now = this.options.clock.now();
    this.customers.set(userId, {
      userId,
      email,
      name,
      stripeCustomerId: stripeCustomer.id,
      dashboardId,
      signedUpAt: now,
      lastActiveAt: now,
      welcomeSentAt: now,
      reEngagedFor: null,
      reEngagements: [],
    });
    return ['stripe-customer', 'welcome-email', 'dashboard'];
  }
}
