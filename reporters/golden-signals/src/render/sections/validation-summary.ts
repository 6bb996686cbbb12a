import type { Report } from '../../report/report-types';
import { VALIDATION_SUMMARY } from '../../template-fields';
import type { ViewBuilder } from '../view-builder';

export function validationSummary(report: Report, view: ViewBuilder): { heading: string; lines: string[] }[] {
  return VALIDATION_SUMMARY.map((section) => {
    const statuses = section.scenarios.map((id) => report.scenarios.find((scenario) => scenario.id === id)?.status ?? 'not-covered');
    const symbol = statuses.includes('failed') ? '❌' : statuses.every((status) => status === 'validated') ? '✅' : '⚠️';
    const validated = statuses.filter((status) => status === 'validated').length;
    return {
      heading: `${symbol} **${section.heading}** (${validated}/${statuses.length} scenarios validated)`,
      lines: section.lines.map((line) => `${line.label}: ${view.verdict(line)}`),
    };
  });
}
