import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import type { Report } from '../report/report-types';
import { buildReportView } from './report-view';

export const TEMPLATES_DIRECTORY = path.resolve(__dirname, '..', '..', 'templates');

let compiled: Handlebars.TemplateDelegate | undefined;

function template(): Handlebars.TemplateDelegate {
  if (compiled) return compiled;
  const handlebars = Handlebars.create();
  handlebars.registerHelper('inc', (value: number) => value + 1);
  handlebars.registerPartial('agent', fs.readFileSync(path.join(TEMPLATES_DIRECTORY, 'agent.hbs'), 'utf8'));
  // Markdown, not HTML: escaping would turn `<100ms` into `&lt;100ms`.
  compiled = handlebars.compile(fs.readFileSync(path.join(TEMPLATES_DIRECTORY, 'daily-report.md.hbs'), 'utf8'), { noEscape: true, strict: false });
  return compiled;
}

/** The daily report in the seed's "Test Report" layout, every figure from `report`. */
export function renderMarkdown(report: Report): string {
  return template()(buildReportView(report)).replace(/\n{3,}/g, '\n\n');
}
