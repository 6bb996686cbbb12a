import type { EmailClient } from './email-client';

export interface Escalation {
  service: string;
  attempts: number;
  reason: string;
  at: number;
}

export interface HumanEscalationOptions {
  webhookUrl?: string;
  email?: { client: EmailClient; to: string };
}

/**
 * Hands a problem JARVIS could not fix to a human: a webhook (chat/on-call) and an e-mail. Both
 * channels are tried; the escalation counts as delivered when at least one succeeded.
 */
export class HumanEscalation {
  readonly sent: Array<Escalation & { channels: string[] }> = [];

  constructor(private readonly options: HumanEscalationOptions) {}

  async escalate(escalation: Escalation): Promise<string[]> {
    const text = `JARVIS escalation: ${escalation.service} is still down after ${escalation.attempts} restart attempts (${escalation.reason}); human action needed`;
    const delivered: string[] = [];
    const errors: string[] = [];
    if (this.options.webhookUrl) {
      try {
        const response = await fetch(this.options.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'escalation', text, ...escalation }),
        });
        if (!response.ok) throw new Error(`webhook answered ${response.status}`);
        delivered.push('webhook');
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    if (this.options.email) {
      try {
        await this.options.email.client.send({
          to: this.options.email.to,
          subject: `[JARVIS] ${escalation.service} needs a human`,
          text,
          idempotencyKey: `escalation-${escalation.service}-${escalation.at}`,
        });
        delivered.push('email');
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    if (delivered.length === 0) throw new Error(`escalation not delivered: ${errors.join('; ') || 'no channel configured'}`);
    this.sent.push({ ...escalation, channels: delivered });
    return delivered;
  }
}
