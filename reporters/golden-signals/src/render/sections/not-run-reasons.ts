import type { Report } from '../../report/report-types';

/** Not-run scenario IDs grouped by their reason, in report order. */
export function notRunByReason(report: Report): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const scenario of report.scenarios.filter((item) => item.status === 'not-run')) {
    const reason = scenario.reason ?? 'no reason';
    groups.set(reason, [...(groups.get(reason) ?? []), scenario.id]);
  }
  return groups;
}
