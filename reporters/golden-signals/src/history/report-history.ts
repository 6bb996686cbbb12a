import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HistoryPoint, HistorySection, Report } from '../report/report-types';
import { compareReports, historyPoint } from './compare-reports';

/** Runs kept in `<reports>/history/` (older ones are deleted) and plotted as trends. */
export const HISTORY_LIMIT = 20;
export const HISTORY_DIRECTORY = 'history';

function readJson(file: string): Report | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
    return parsed && Array.isArray(parsed.scenarios) && parsed.totals ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function archiveName(report: Report): string {
  return `report-${report.startedAt.replace(/[:.]/g, '-')}.json`;
}

/**
 * Keeps the previous report automatically: before a new report.json replaces it, the old one
 * goes to `history/` (the last HISTORY_LIMIT runs are kept). Returns the previous report and
 * the archived points, oldest first.
 */
export function archivePreviousReport(outputDirectory: string, current: Report): { previous?: Report; points: HistoryPoint[] } {
  const directory = path.join(outputDirectory, HISTORY_DIRECTORY);
  const previous = readJson(path.join(outputDirectory, 'report.json'));
  // A re-write of the same run (the merge after the reporter) is not a previous run.
  const isEarlierRun = previous && previous.startedAt !== current.startedAt && previous.startedAt < current.startedAt;
  if (previous && isEarlierRun) {
    fs.mkdirSync(directory, { recursive: true });
    const { history: _dropped, ...slim } = previous;
    fs.writeFileSync(path.join(directory, archiveName(previous)), `${JSON.stringify(slim)}\n`);
  }
  const files = fs.existsSync(directory)
    ? fs
        .readdirSync(directory)
        .filter((name) => /^report-.*\.json$/.test(name))
        .sort()
    : [];
  for (const stale of files.slice(0, Math.max(0, files.length - HISTORY_LIMIT))) fs.rmSync(path.join(directory, stale), { force: true });
  const kept = files.slice(-HISTORY_LIMIT);
  const reports = kept.map((name) => readJson(path.join(directory, name))).filter((report): report is Report => Boolean(report) && report!.startedAt < current.startedAt);
  const last = reports.at(-1);
  return { ...(last ? { previous: last } : {}), points: reports.map(historyPoint) };
}

/** The history section of the new report: changes against the previous run, trend over the kept ones. */
export function historySection(current: Report, previous: Report | undefined, points: HistoryPoint[]): HistorySection {
  const changes = previous ? compareReports(previous, current) : { regressions: [], improvements: [] };
  return { ...(previous ? { previous: previous.startedAt } : {}), ...changes, trend: [...points, historyPoint(current)] };
}
