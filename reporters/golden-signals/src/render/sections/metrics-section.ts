import { checkThreshold } from '@orch/harness';
import type { Report } from '../../report/report-types';
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

/** One k6-style line per metric that carries a threshold. */
export function thresholdsSection(report: Report): string[] {
  const lines = report.scenarios.flatMap((scenario) =>
    scenario.metrics
      .filter((metric) => metric.threshold)
      .map((metric) => {
        try {
          return `${checkThreshold(metric.threshold!, metric.value, metric.unit).text}  ${scenario.id} ${metric.name}`;
        } catch {
          return `? ${metric.threshold} (unparseable threshold; observed ${metric.value} ${metric.unit})  ${scenario.id} ${metric.name}`;
        }
      }),
  );
  return limited(lines, 200);
}
