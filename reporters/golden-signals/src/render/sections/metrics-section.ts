import { checkThreshold } from '@orch/harness';
import type { Report, ScenarioMetric } from '../../report/report-types';
import { limited, percent, type ViewBuilder } from '../view-builder';

/** The seed's "Metrics" bullets. */
export function metricsSection(report: Report, view: ViewBuilder): string[] {
  const totals = report.totals;
  const high = report.bugs.filter((bug) => bug.severity === 'high').length;
  const medium = report.bugs.filter((bug) => bug.severity === 'medium').length;
  return [
    `**Total Tests**: ${totals.tests}`,
    `**Passed**: ${totals.passed} (${percent(totals.passed, totals.tests)})`,
    `**Failed**: ${totals.failed} (${percent(totals.failed, totals.tests)})`,
    `**Skipped**: ${totals.skipped} (${percent(totals.skipped, totals.tests)}; never counted as validated)`,
    `**Coverage**: ${view.coverageText()}`,
    `**Bugs Found**: ${report.bugs.length} (high: ${high}, medium: ${medium}, low: 0)`,
    `**Scenarios**: ${totals.scenarios.validated} validated, ${totals.scenarios.failed} failed, ${totals.scenarios.notRun} not run, ${totals.scenarios.notCovered} not covered (of ${totals.scenarios.total})`,
  ];
}

/**
 * A metric's k6-style line: `✓ p(95)<100 (observed 3.2 ms)  UNIT-01 name`. A breach figure
 * passes when its threshold is violated as injected, so it shows its own verdict.
 */
export function thresholdLine(metric: ScenarioMetric, scenarioId: string): string {
  try {
    const text = checkThreshold(metric.threshold!, metric.value, metric.unit).text;
    const shown = metric.role === 'breach' ? `${metric.pass ? '✓' : '✗'} breach of ${text.slice(2)}` : text;
    return `${shown}  ${scenarioId} ${metric.name}`;
  } catch {
    return `? ${metric.threshold} (unparseable threshold; observed ${metric.value} ${metric.unit})  ${scenarioId} ${metric.name}`;
  }
}

/** One k6-style line per metric that carries a threshold. */
export function thresholdsSection(report: Report): string[] {
  const lines = report.scenarios.flatMap((scenario) => scenario.metrics.filter((metric) => metric.threshold).map((metric) => thresholdLine(metric, scenario.id)));
  return limited(lines, 200);
}
