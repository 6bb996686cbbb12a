export interface BudgetAlert {
  monthlyBudget: number;
  threshold: number;
  forecast: number;
  message: string;
}

/**
 * AWS Budgets-style forecast alert: the month's spend is forecast from the daily run rate, and
 * an alert is raised when the forecast passes `alertRatio` of the budget (80% of $500: $400).
 */
export class BudgetMonitor {
  readonly alerts: BudgetAlert[] = [];

  constructor(
    readonly monthlyBudget: number,
    readonly alertRatio = 0.8,
    private readonly daysInMonth = 30,
  ) {}

  get threshold(): number {
    return this.monthlyBudget * this.alertRatio;
  }

  forecast(dailyCosts: number[]): number {
    return dailyCosts.reduce((sum, cost) => sum + cost, 0) * this.daysInMonth;
  }

  /** Returns the alert raised for this forecast, if any. */
  check(dailyCosts: number[]): BudgetAlert | undefined {
    const forecast = this.forecast(dailyCosts);
    if (forecast <= this.threshold) return undefined;
    const alert = {
      monthlyBudget: this.monthlyBudget,
      threshold: this.threshold,
      forecast,
      message: `forecast $${forecast.toFixed(2)}/month passes ${this.alertRatio * 100}% of the $${this.monthlyBudget} budget`,
    };
    this.alerts.push(alert);
    return alert;
  }
}
