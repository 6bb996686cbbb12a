import * as fs from 'node:fs';
import type { LastRunTests } from './master-plan';

interface ReportLike {
  scenarios?: Array<{ id: string; tests?: Array<{ name: string; file: string; status: string }> }>;
}

/**
 * Per scenario, the tests of the last report that ran for it (passed or failed). A missing or
 * unreadable report gives none: the plan then relies on the source scan alone.
 */
export function lastRunTests(reportFile: string): LastRunTests {
  const tests = new Map<string, Array<{ file: string; title: string }>>();
  let report: ReportLike;
  try {
    report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ReportLike;
  } catch {
    return tests;
  }
  for (const scenario of report.scenarios ?? []) {
    const ran = (scenario.tests ?? []).filter((test) => test.status === 'passed' || test.status === 'failed');
    if (ran.length > 0)
      tests.set(
        scenario.id,
        ran.map((test) => ({ file: test.file, title: test.name })),
      );
  }
  return tests;
}
