import type { Report } from '../../report/report-types';
import { limited, type ViewBuilder } from '../view-builder';

export function criticalIssues(report: Report, view: ViewBuilder): string[] {
  const issues = [
    ...report.agents.filter((agent) => agent.status === 'crashed').map((agent) => `**${agent.name} agent crashed**: ${agent.error ?? 'no reason recorded'}`),
    ...report.bugs.filter((bug) => bug.severity === 'high').map((bug) => view.bugLine(bug)),
    ...report.scenarios
      .filter((scenario) => scenario.status === 'failed' && scenario.tests.every((test) => test.status !== 'failed'))
      .map((scenario) => `**${scenario.id}** ${scenario.title}: ${scenario.reason ?? ''}`),
  ];
  if (issues.length === 0) {
    const totals = report.totals.scenarios;
    const open = totals.notRun + totals.notCovered;
    issues.push(
      `No high-severity failure in this run.${open > 0 ? ` ${open} of ${totals.total} scenarios were not run or not covered, so this is not a full bill of health.` : ''}`,
    );
  }
  return limited(issues, 30);
}
