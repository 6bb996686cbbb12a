import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../report/report-types';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';

export interface WrittenReport {
  json: string;
  markdown: string;
  html: string;
}

/** `daily-report-YYYY-MM-DD`, dated by the run's start (UTC). */
export function dailyReportBaseName(report: Pick<Report, 'startedAt'>): string {
  return `daily-report-${report.startedAt.slice(0, 10)}`;
}

/** Writes report.json first (the data survives a template problem), then the markdown and HTML. */
export function writeReportFiles(report: Report, outputDirectory: string): WrittenReport {
  fs.mkdirSync(outputDirectory, { recursive: true });
  const json = path.join(outputDirectory, 'report.json');
  fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const base = dailyReportBaseName(report);
  const markdownText = renderMarkdown(report);
  const markdown = path.join(outputDirectory, `${base}.md`);
  fs.writeFileSync(markdown, markdownText);
  const html = path.join(outputDirectory, `${base}.html`);
  fs.writeFileSync(html, renderHtml(markdownText, `Test Report - ${report.startedAt.slice(0, 10)}`));
  return { json, markdown, html };
}
