import type { Report } from '../report/report-types';
import { renderMarkdown } from './render-markdown';

/** GitHub rejects a step summary over 1 MiB; stay well under it. */
export const STEP_SUMMARY_LIMIT = 900 * 1024;

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>\n`;
}

const CUT_NOTE = "\n\n… cut to fit GitHub's step-summary limit; the whole report is in the report-merged artifact.";

function cut(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  const room = Math.max(0, bytes - Buffer.byteLength(CUT_NOTE));
  return `${Buffer.from(text)
    .subarray(0, room)
    .toString()
    .replace(/\uFFFD+$/, '')}${CUT_NOTE}`;
}

/**
 * The merge job's one step summary: the headline and the agents table open, everything long
 * (regressions, diagnosis, flaky tests, shards, the whole daily report) folded in <details>.
 */
export function stepSummary(report: Report): string {
  const totals = report.totals;
  const scenarios = totals.scenarios;
  const rows = report.agents.map(
    (agent) =>
      `| ${agent.name} | ${agent.status} | ${agent.tests} | ${agent.passed} | ${agent.failed} | ${agent.skipped} | ${agent.scenarios.validated}/${agent.scenarios.validated + agent.scenarios.failed + agent.scenarios.notRun + agent.scenarios.notCovered} |`,
  );
  const head = [
    `## Test report — ${report.startedAt.slice(0, 10)}`,
    '',
    `**${totals.passed + report.toolkit.passed} passed, ${totals.failed + report.toolkit.failed} failed, ${totals.skipped + report.toolkit.skipped} skipped**; scenarios ${scenarios.validated} validated, ${scenarios.failed} failed, ${scenarios.notRun} not run, ${scenarios.notCovered} not covered of ${scenarios.total}.`,
    `Regressions: ${report.history?.regressions.length ?? 0} · flaky tests: ${report.flaky?.length ?? 0} · diagnosed failures: ${report.diagnosis?.length ?? 0}`,
    '',
    '| agent | status | tests | passed | failed | skipped | scenarios validated |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  const folded: string[] = [];
  const regressions = report.history?.regressions ?? [];
  if (regressions.length > 0)
    folded.push(
      details(`Regressions (${regressions.length})`, regressions.map((change) => `- **${change.subject}**: ${change.before} → ${change.after} — ${change.detail}`).join('\n')),
    );
  if (report.bugs.length > 0) folded.push(details(`Failing tests (${report.bugs.length})`, report.bugs.map((bug) => `- \`${bug.file}\` › ${bug.test}: ${bug.message}`).join('\n')));
  if ((report.flaky ?? []).length > 0)
    folded.push(
      details(
        `Flaky tests (${report.flaky!.length})`,
        report.flaky!.map((test) => `- ${test.test} (${test.agent}): passed after ${test.retries} retr${test.retries === 1 ? 'y' : 'ies'}`).join('\n'),
      ),
    );
  if ((report.shards ?? []).length > 0)
    folded.push(
      details(
        `Shards (${report.shards!.length})`,
        report.shards!.map((shard) => `- ${shard.id}: ${shard.tests} tests, ${shard.failed} failed, ${Math.round(shard.durationMs / 1000)} s`).join('\n'),
      ),
    );
  const used = Buffer.byteLength(head + folded.join('\n'));
  folded.push(details('The whole daily report', cut(renderMarkdown(report), Math.max(0, STEP_SUMMARY_LIMIT - used - 400))));
  return cut(`${head}\n${folded.join('\n')}`, STEP_SUMMARY_LIMIT);
}
