import * as fs from 'node:fs';
import { REPORT_VERSION, type Report } from './report-types';

export class ReportFormatError extends Error {
  readonly code = 'REPORT_FORMAT';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`report ${file}: ${detail}`);
    this.name = 'ReportFormatError';
  }
}

/** Reads a report.json and checks it is a version this code understands. */
export function readReport(file: string): Report {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ReportFormatError(file, (error as NodeJS.ErrnoException).code ? `cannot be read (${(error as NodeJS.ErrnoException).code})` : `is not valid JSON (${(error as Error).message})`);
  }
  const version = (parsed as { version?: unknown } | null)?.version;
  if (version !== REPORT_VERSION) throw new ReportFormatError(file, `has version ${JSON.stringify(version)}; expected ${REPORT_VERSION}`);
  const report = parsed as Report;
  if (!Array.isArray(report.scenarios) || !Array.isArray(report.agents)) throw new ReportFormatError(file, 'has no scenarios or agents array');
  report.warnings ??= [];
  return report;
}
