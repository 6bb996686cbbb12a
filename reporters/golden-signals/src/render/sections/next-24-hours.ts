import type { Report } from '../../report/report-types';
import { limited } from '../view-builder';
import { notRunByReason } from './not-run-reasons';

export function next24Hours(report: Report): string[] {
  const failed = report.scenarios.filter((scenario) => scenario.status === 'failed');
  const notCovered = report.scenarios.filter((scenario) => scenario.status === 'not-covered');
  const lines = [
    ...failed.map((scenario) => `Fix and re-run ${scenario.id} (${scenario.title}): ${scenario.reason ?? ''}`),
    ...[...notRunByReason(report)].map(
      ([reason, ids]) => `Enable ${ids.length} not-run scenario${ids.length === 1 ? '' : 's'} (${ids.slice(0, 6).join(', ')}${ids.length > 6 ? ', …' : ''}): ${reason}`,
    ),
    ...(notCovered.length > 0
      ? [
          `Cover ${notCovered.length} scenario${notCovered.length === 1 ? '' : 's'} no test names yet: ${notCovered
            .slice(0, 10)
            .map((scenario) => scenario.id)
            .join(', ')}${notCovered.length > 10 ? ', …' : ''}`,
        ]
      : []),
  ];
  if (lines.length === 0) lines.push('Keep the daily run green; every scenario was validated in this run.');
  return limited(lines);
}
