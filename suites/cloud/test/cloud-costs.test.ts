import { expectMetric, recordMetric } from '@orch/harness';
import { BudgetMonitor } from '../src/costs/budget-monitor';
import { awsDailyCost, gcpDailyCost, PRICES_AS_OF } from '../src/costs/cost-model';
import dailyUsage from '../src/costs/daily-usage.json';

describe(`cloud cost model (published on-demand prices as of ${PRICES_AS_OF} × one day of the deployed setup)`, () => {
  test('[CLOUD-33] the AWS side (ECS Fargate, ALB, RDS Multi-AZ, ElastiCache, S3) costs < $15 a day', () => {
    const aws = awsDailyCost();
    expect(aws.lines.map((line) => line.item)).toEqual(expect.arrayContaining(['ECS Fargate tasks', 'RDS db.t3.micro Multi-AZ', 'S3 storage, requests, egress, replication']));
    expect(aws.lines.every((line) => line.dollars > 0)).toBe(true);
    expectMetric({
      name: 'cloud.cost.aws_daily',
      unit: '$/day',
      threshold: 'value<15',
      value: aws.total,
      target: 'AWS costs: ECS, RDS, S3 (<$15/day)',
      details: { pricesAsOf: PRICES_AS_OF, lines: aws.lines.map((line) => ({ ...line, dollars: Number(line.dollars.toFixed(3)) })) },
    });
  });

  test('[CLOUD-34] the GCP side (Cloud Run, GKE) costs < $20 a day', () => {
    const gcp = gcpDailyCost();
    expect(gcp.lines.every((line) => line.dollars > 0)).toBe(true);
    expectMetric({
      name: 'cloud.cost.gcp_daily',
      unit: '$/day',
      threshold: 'value<20',
      value: gcp.total,
      target: 'GCP costs: Cloud Run, GKE (<$20/day)',
      details: { pricesAsOf: PRICES_AS_OF, lines: gcp.lines.map((line) => ({ ...line, dollars: Number(line.dollars.toFixed(3)) })) },
    });
  });

  test('[CLOUD-34] [CLOUD-33] the model is not flat: a day at the autoscalers’ maxima costs more than a quiet day', () => {
    const allDay = (scale: 'min' | 'max'): typeof dailyUsage => ({ ...dailyUsage, hourBands: [{ name: scale, hours: 24, scale }] });
    expect(awsDailyCost(allDay('max')).total).toBeGreaterThan(awsDailyCost(allDay('min')).total);
    expect(gcpDailyCost(allDay('max')).total).toBeGreaterThan(gcpDailyCost(allDay('min')).total);
    recordMetric({
      scenario: ['CLOUD-33', 'CLOUD-34'],
      name: 'cloud.cost.worst_case_daily',
      unit: '$/day',
      value: awsDailyCost(allDay('max')).total + gcpDailyCost(allDay('max')).total,
      details: { aws: awsDailyCost(allDay('max')).total, gcp: gcpDailyCost(allDay('max')).total, note: 'every service at its maximum scale for 24 hours' },
    });
  });

  test('[CLOUD-35] the budget alert fires for any forecast above 80% of $500/month and for none at or below it', () => {
    const monitor = new BudgetMonitor(500);
    // The largest forecast that raises no alert, found by bisection over injected daily spends.
    let quiet = 0;
    let loud = 100;
    for (let step = 0; step < 50; step += 1) {
      const middle = (quiet + loud) / 2;
      if (new BudgetMonitor(500).check([middle])) loud = middle;
      else quiet = middle;
    }
    const boundary = new BudgetMonitor(500).forecast([quiet]);
    expect(monitor.check([400.01 / 30])).toMatchObject({ threshold: 400 });
    expect(monitor.check([400 / 30])).toBeUndefined();
    const runRate = [awsDailyCost().total, gcpDailyCost().total];
    const runAlert = new BudgetMonitor(500).check(runRate);
    recordMetric({
      name: 'cloud.cost.monthly_projection',
      unit: '$/month',
      value: new BudgetMonitor(500).forecast(runRate),
      details: { awsDaily: runRate[0], gcpDaily: runRate[1], alert: runAlert?.message ?? 'none' },
    });
    expectMetric({
      name: 'cloud.cost.budget_alert_threshold',
      unit: '$/month',
      threshold: 'value<=400',
      value: Math.round(boundary * 100) / 100,
      target: 'Budget alert: >80% of $500/month',
      details: {
        statistic: 'largest monthly forecast that raises no alert',
        forecastOfThisSetup: new BudgetMonitor(500).forecast(runRate),
        alertForThisSetup: runAlert?.message ?? 'none',
      },
    });
  });
});
