import * as fs from 'node:fs';
import * as path from 'node:path';
import { archivePreviousReport, historySection } from '../history/report-history';
import { readMutationScore } from '../inputs/mutation-score';
import type { Report } from '../report/report-types';
import { DASHBOARD_STYLE, htmlDashboard } from './html-dashboard';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';

export interface WrittenReport {
  json: string;
  markdown: string;
  html: string;
}

export interface WriteOptions {
  /** Keep the previous report in `history/` and compare with it (default true; off for partial runs). */
  history?: boolean;
}

/** `daily-report-YYYY-MM-DD`, dated by the run's start (UTC). */
export function dailyReportBaseName(report: Pick<Report, 'startedAt'>): string {
  return `daily-report-${report.startedAt.slice(0, 10)}`;
}

/**
 * Writes report.json first (the data survives a template problem), then the markdown and the
 * self-contained HTML (charts inline). The report.json it replaces is archived in `history/`
 * first, and the new report carries the comparison with it.
 */
export function writeReportFiles(report: Report, outputDirectory: string, options: WriteOptions = {}): WrittenReport {
  fs.mkdirSync(outputDirectory, { recursive: true });
  // An explicit option wins over ORCH_HISTORY (which `pnpm test` sets to 0 for the parts it merges).
  if (options.history ?? process.env.ORCH_HISTORY !== '0') {
    const { previous, points } = archivePreviousReport(outputDirectory, report);
    report.history = historySection(report, previous, points);
  }
  report.mutation ??= readMutationScore(outputDirectory);
  const json = path.join(outputDirectory, 'report.json');
  fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const base = dailyReportBaseName(report);
  const markdownText = renderMarkdown(report);
  const markdown = path.join(outputDirectory, `${base}.md`);
  fs.writeFileSync(markdown, markdownText);
  const html = path.join(outputDirectory, `${base}.html`);
  fs.writeFileSync(html, renderHtml(markdownText, `Test Report - ${report.startedAt.slice(0, 10)}`, { extraStyle: DASHBOARD_STYLE, before: htmlDashboard(report) }));
  return { json, markdown, html };
}
