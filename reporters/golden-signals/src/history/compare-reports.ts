import { parseThreshold } from '@orch/harness';
import type { HistoryChange, HistoryPoint, Report, ScenarioMetric } from '../report/report-types';

/**
 * A figure moves "beyond noise" when it changes by more than this share of its previous value
 * (and of 5% of its threshold's bound, so a 0.1 ms → 0.2 ms wobble is not a regression).
 * Timings on a shared 2-core machine swing by ~10-15% between identical runs.
 */
export const NOISE_RATIO = 0.2;

function figureKey(scenario: string, metric: ScenarioMetric): string {
  return `${scenario} ${metric.name}`;
}

function figures(report: Report): Map<string, ScenarioMetric> {
  const map = new Map<string, ScenarioMetric>();
  for (const scenario of report.scenarios)
    for (const metric of scenario.metrics) if (metric.threshold && Number.isFinite(metric.value)) map.set(figureKey(scenario.id, metric), metric);
  return map;
}

/** +1 when a higher value is better (`min>=28`), -1 when lower is better (`p(95)<100`), 0 for `==`. */
function direction(metric: ScenarioMetric): number {
  try {
    const { operator } = parseThreshold(metric.threshold!);
    const sign = operator.startsWith('>') ? 1 : operator.startsWith('<') ? -1 : 0;
    return metric.role === 'breach' ? 0 : sign;
  } catch {
    return 0;
  }
}

function boundOf(metric: ScenarioMetric): number {
  try {
    return Math.abs(parseThreshold(metric.threshold!).bound);
  } catch {
    return 0;
  }
}

function figureChanges(previous: Report, current: Report): { regressions: HistoryChange[]; improvements: HistoryChange[] } {
  const before = figures(previous);
  const regressions: HistoryChange[] = [];
  const improvements: HistoryChange[] = [];
  for (const [key, metric] of figures(current)) {
    const old = before.get(key);
    if (!old || old.unit !== metric.unit) continue;
    const sign = direction(metric);
    const delta = metric.value - old.value;
    const noise = Math.max(NOISE_RATIO * Math.abs(old.value), 0.05 * boundOf(metric));
    if (sign === 0 || Math.abs(delta) <= noise) continue;
    const change: HistoryChange = {
      kind: 'figure',
      subject: key,
      before: `${round(old.value)} ${old.unit}`,
      after: `${round(metric.value)} ${metric.unit}`,
      detail: `${delta > 0 ? '+' : ''}${round((delta / (Math.abs(old.value) || 1)) * 100)}% (noise band ±${NOISE_RATIO * 100}%; ${metric.threshold})`,
    };
    (Math.sign(delta) === sign ? improvements : regressions).push(change);
  }
  return { regressions, improvements };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function scenarioChanges(previous: Report, current: Report): { regressions: HistoryChange[]; improvements: HistoryChange[] } {
  const before = new Map(previous.scenarios.map((scenario) => [scenario.id, scenario.status]));
  const regressions: HistoryChange[] = [];
  const improvements: HistoryChange[] = [];
  for (const scenario of current.scenarios) {
    const old = before.get(scenario.id);
    if (!old || old === scenario.status) continue;
    const change: HistoryChange = {
      kind: 'scenario',
      subject: scenario.id,
      before: old,
      after: scenario.status,
      detail: scenario.status === 'failed' ? (scenario.reason ?? scenario.title) : scenario.title,
    };
    if (scenario.status === 'failed') regressions.push(change);
    else if (scenario.status === 'validated') improvements.push(change);
    else if (old === 'validated') regressions.push({ ...change, detail: `no longer validated: ${scenario.reason ?? scenario.title}` });
  }
  return { regressions, improvements };
}

function testChanges(previous: Report, current: Report): HistoryChange[] {
  const failedBefore = new Set(previous.bugs.map((bug) => `${bug.file}\u0000${bug.test}`));
  return current.bugs
    .filter((bug) => !bug.scenario && !failedBefore.has(`${bug.file}\u0000${bug.test}`))
    .map((bug) => ({ kind: 'tests' as const, subject: `${bug.file} › ${bug.test}`, before: 'passed or absent', after: 'failed', detail: bug.message }));
}

/** Regressions (a scenario newly failing, a figure worse beyond noise, a test newly failing) and improvements. */
export function compareReports(previous: Report, current: Report): { regressions: HistoryChange[]; improvements: HistoryChange[] } {
  const scenarios = scenarioChanges(previous, current);
  const figuresChanged = figureChanges(previous, current);
  return {
    regressions: [...scenarios.regressions, ...testChanges(previous, current), ...figuresChanged.regressions],
    improvements: [...scenarios.improvements, ...figuresChanged.improvements],
  };
}

/** The few numbers a trend line needs from one report. */
export function historyPoint(report: Report): HistoryPoint {
  const points: Record<string, number> = {};
  for (const [key, metric] of figures(report)) points[key] = metric.value;
  return {
    startedAt: report.startedAt,
    passed: report.totals.passed + report.toolkit.passed,
    failed: report.totals.failed + report.toolkit.failed,
    validated: report.totals.scenarios.validated,
    durationMs: report.durationMs,
    figures: points,
  };
}
