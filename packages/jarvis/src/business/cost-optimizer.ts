import type { Clock } from '../clock/clock';
import type { SafetyGuard } from '../safety/safety-guard';
import { requestCost } from './model-pricing';
import type { TrafficSplit } from './traffic-split';

export interface UsageRecord {
  at: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
}

export interface CostProjection {
  spentUsd: number;
  projectedUsd: number;
  budgetUsd: number;
  dailyRateUsd: number;
  daysElapsed: number;
  daysInMonth: number;
}

export interface CostOptimizerOptions {
  clock: Clock;
  guard: SafetyGuard;
  split: TrafficSplit;
  /** Sends the alert text (webhook, chat...). */
  alert: (text: string) => Promise<void>;
  /** Seed: $500 a month. */
  monthlyBudgetUsd?: number;
  /** Seed: act at 90% of the budget. */
  triggerRatio?: number;
  from?: string;
  to?: string;
  /** Seed: 50% of the traffic. */
  share?: number;
}

export const COST_OPTIMIZATION_ALERT = 'Autonomous cost optimization applied - switched to Gemini';

const DAY_MS = 86_400_000;

function monthStartOf(at: number): number {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/**
 * Watches month-to-date LLM spend. At 90% of the budget it diverts half of GPT-4o's traffic to
 * Gemini, then projects the month end: spend so far + remaining days × the daily rate of the
 * recent traffic re-priced with the new split.
 */
export class CostOptimizer {
  private readonly usage: UsageRecord[] = [];
  private applied = false;
  /** Running month-to-date spend, so the hourly check costs O(1) whatever the history. */
  private month = { start: 0, spent: 0 };
  readonly budget: number;

  constructor(private readonly options: CostOptimizerOptions) {
    this.budget = options.monthlyBudgetUsd ?? 500;
  }

  record(usage: UsageRecord): void {
    this.usage.push(usage);
    const start = monthStartOf(usage.at);
    if (start > this.month.start) this.month = { start, spent: 0 };
    if (start === this.month.start) this.month.spent += requestCost(usage.model, usage.inputTokens, usage.outputTokens);
  }

  spentThisMonth(): number {
    return monthStartOf(this.options.clock.now()) === this.month.start ? this.month.spent : 0;
  }

  projection(): CostProjection {
    const now = this.options.clock.now();
    const date = new Date(now);
    const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    const daysInMonth = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    const daysElapsed = (now - monthStart) / DAY_MS;
    const month = this.usage.filter((record) => record.at >= monthStart && record.at <= now);
    const spentUsd = month.reduce((sum, record) => sum + requestCost(record.model, record.inputTokens, record.outputTokens), 0);
    // The last 7 days' traffic, priced as it would be routed now.
    const recent = month.filter((record) => record.at > now - 7 * DAY_MS);
    const recentDays = Math.min(7, daysElapsed);
    const repriced = recent.reduce(
      (sum, record, index) => sum + requestCost(this.options.split.resolve(record.model, `${record.at}-${index}`), record.inputTokens, record.outputTokens),
      0,
    );
    const dailyRateUsd = recentDays > 0 ? repriced / recentDays : 0;
    return { spentUsd, projectedUsd: spentUsd + dailyRateUsd * (daysInMonth - daysElapsed), budgetUsd: this.budget, dailyRateUsd, daysElapsed, daysInMonth };
  }

  /** One control-loop duty: returns true when it applied the optimization now. */
  async evaluate(): Promise<boolean> {
    if (this.applied) return false;
    const spentUsd = this.spentThisMonth();
    if (spentUsd < (this.options.triggerRatio ?? 0.9) * this.budget) return false;
    const from = this.options.from ?? 'gpt-4o';
    const to = this.options.to ?? 'gemini-1.5-flash';
    const share = this.options.share ?? 0.5;
    await this.options.guard.run({ command: 'route-traffic', actor: 'cost-optimizer', target: from, detail: { to, share, spentUsd } }, async () => {
      this.options.split.divert(from, to, share);
    });
    this.applied = true;
    await this.options.alert(COST_OPTIMIZATION_ALERT);
    return true;
  }
}
