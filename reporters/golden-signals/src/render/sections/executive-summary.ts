import type { Report } from '../../report/report-types';
import { countedScenarios } from '../../report/scenario-status';
import { NOT_MEASURED, percent } from '../view-builder';

/** The seed's one-paragraph summary, every number from this run. */
export function executiveSummary(report: Report): string {
  const totals = report.totals;
  const executed = totals.passed + totals.failed;
  const cloud = countedScenarios(report.scenarios, report.matrix.scenarios).filter((scenario) => scenario.agent === 'cloud');
  const cloudValidated = cloud.filter((scenario) => scenario.status === 'validated').length;
  const failedScenarios = report.scenarios.filter((scenario) => scenario.status === 'failed');
  const fixes = failedScenarios.length + report.bugs.filter((bug) => !bug.scenario).length;
  const passRate =
    executed > 0
      ? `${percent(totals.passed, executed)} pass rate (${totals.passed} of ${executed} executed tests; ${totals.skipped} skipped tests are not counted as passed)`
      : `a pass rate ${NOT_MEASURED} (no agent test was executed)`;
  const cloudText =
    cloud.length === 0
      ? `cloud migration ${NOT_MEASURED} (the matrix lists no cloud scenario)`
      : cloudValidated === cloud.length
        ? 'cloud migration validated'
        : `cloud migration ${cloudValidated}/${cloud.length} scenarios validated`;
  return (
    `Generated and executed ${totals.tests} tests with the Jest-native test orchestrator, validating real-world DevOps, music production, autonomous operations, and cloud infrastructure workflows from 2025 industry standards. ` +
    `System achieves ${passRate} with ${cloudText} and ${fixes} ${fixes === 1 ? 'fix' : 'fixes'} recommended. ` +
    `Scenarios: ${totals.scenarios.validated} validated, ${totals.scenarios.failed} failed, ${totals.scenarios.notRun} not run, ${totals.scenarios.notCovered} not covered, of ${totals.scenarios.total} in the user-case matrix.`
  );
}
