import type { Report } from '../../report/report-types';
import { formatNumber } from '../format-figure';
import { formatDuration, limited } from '../view-builder';

export interface HistoryView {
  previous?: string;
  regressions: string[];
  improvements: string[];
  trend: string[];
}

/** Regressions and improvements against the previous run, and the trend as a few text lines. */
export function historyView(report: Report): HistoryView {
  const history = report.history;
  if (!history) return { regressions: [], improvements: [], trend: [] };
  const line = (change: (typeof history.regressions)[number]): string => `**${change.subject}** (${change.kind}): ${change.before} → ${change.after} — ${change.detail}`;
  return {
    ...(history.previous ? { previous: history.previous } : {}),
    regressions: limited(history.regressions.map(line), 30),
    improvements: limited(history.improvements.map(line), 30),
    trend: history.trend
      .slice(-10)
      .map((point) => `${point.startedAt}: ${point.passed} passed, ${point.failed} failed, ${point.validated} scenarios validated, ${formatDuration(point.durationMs)}`),
  };
}

/** A test that needed a retry to pass: never a clean pass. */
export function flakyLines(report: Report): string[] {
  return limited(
    (report.flaky ?? []).map(
      (test) =>
        `**${test.test}** (${test.agent}, ${test.file}): passed after ${test.retries} ${test.retries === 1 ? 'retry' : 'retries'}${test.scenarios.length > 0 ? ` — ${test.scenarios.join(', ')}` : ''}`,
    ),
    30,
  );
}

/** Each failed test as the diagnosis classified it, with the re-run's last lines. */
export function diagnosisLines(report: Report): Array<{ text: string; output: string[] }> {
  return (report.diagnosis ?? []).slice(0, 20).map((entry) => {
    const kind = `${entry.class}${entry.service ? ` (${entry.service})` : ''}`;
    const rerun = entry.rerun
      ? `; re-run alone: ${entry.rerun.status} in ${formatDuration(entry.rerun.durationMs)}${entry.rerun.servicesTouched.length > 0 ? `; services touched: ${entry.rerun.servicesTouched.join(', ')}` : ''}`
      : '';
    const lines = (text: string, count: number): string[] =>
      text
        .replace(/\x1b\[[0-9;]*m/g, '')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .slice(-count);
    // The re-run's last lines, then the last lines of each touched service's log (all of it is in report.json).
    const logs = Object.entries(entry.rerun?.serviceLogs ?? {}).flatMap(([service, log]) => [`--- ${service} log ---`, ...lines(log, 5)]);
    const output = [...lines(entry.rerun?.output ?? entry.message, 12), ...logs];
    return { text: `**${kind}** — ${entry.test} (${entry.agent}, ${entry.file}): ${entry.why}${rerun}`, output };
  });
}

export function shardLines(report: Report): string[] {
  return (report.shards ?? []).map(
    (shard) => `**${shard.id}**: ${shard.tests} tests, ${shard.failed} failed, ${formatDuration(shard.durationMs)} (${shard.startedAt} → ${shard.finishedAt})`,
  );
}

export function mutationLines(report: Report): string[] {
  if (!report.mutation) return ['not measured in this run (mutation testing runs with `pnpm mutate`, full profile only; goal ≥ 85%)'];
  return [
    ...report.mutation.packages.map((item) =>
      item.score === null
        ? `**${item.name}**: not measured`
        : `**${item.name}**: ${formatNumber(Math.round(item.score * 10) / 10)}% mutation score (${item.killed} killed, ${item.timeout} timed out, ${item.survived} survived, ${item.noCoverage} without coverage, of ${item.total}) vs goal 85% ${item.score >= 85 ? '✅' : '❌'}`,
    ),
    ...(report.mutation.note ? [report.mutation.note] : []),
  ];
}
