import type { Report } from '../../report/report-types';
import { formatNumber } from '../format-figure';
import { limited } from '../view-builder';
import { notRunByReason } from './not-run-reasons';

/** P1 high-severity failures, P2 other failures and coverage, P3 uncovered scenarios, P4 not-run ones. */
export function recommendations(report: Report): string[] {
  const lines: string[] = [];
  for (const bug of report.bugs.filter((item) => item.severity === 'high'))
    lines.push(`**P1** Fix ${bug.scenario ?? bug.file}: ${bug.message} — scope: one failing test (${bug.file})`);
  for (const bug of report.bugs.filter((item) => item.severity === 'medium'))
    lines.push(`**P2** Fix ${bug.scenario ?? bug.file}: ${bug.message} — scope: one failing test (${bug.file})`);
  const failedWithoutTest = report.scenarios.filter((item) => item.status === 'failed' && item.tests.every((test) => test.status !== 'failed'));
  for (const scenario of failedWithoutTest) lines.push(`**P2** ${scenario.id}: ${scenario.reason ?? 'missed its target'}`);
  for (const item of report.coverage.packages.filter((entry) => entry.linesPct !== null && !entry.pass))
    lines.push(`**P2** Raise line coverage of ${item.name} from ${formatNumber(item.linesPct!)}% to ${item.target}%`);
  const notCovered = report.scenarios.filter((scenario) => scenario.status === 'not-covered');
  for (const agent of report.agents) {
    const ids = notCovered.filter((scenario) => scenario.agent === agent.name).map((scenario) => scenario.id);
    if (ids.length > 0)
      lines.push(
        `**P3** Write tests for ${ids.length} uncovered ${agent.name} scenario${ids.length === 1 ? '' : 's'}: ${ids.join(', ')} — scope: ${ids.length} new test${ids.length === 1 ? '' : 's'}`,
      );
  }
  for (const [reason, ids] of notRunByReason(report)) {
    lines.push(`**P4** Make ${ids.length} scenario${ids.length === 1 ? '' : 's'} runnable (${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}): ${reason}`);
  }
  if (lines.length === 0) lines.push('Nothing to fix: every scenario of the matrix was validated in this run.');
  return limited(lines, 30);
}
