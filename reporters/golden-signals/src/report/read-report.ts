import * as fs from 'node:fs';
import { checkAgainstSchema, formatSchemaProblems } from '@orch/harness';
import reportSchema from '../../schemas/report.schema.json';
import { REPORT_VERSION, type Report } from './report-types';

/** The published JSON Schema of report.json (`schemas/report.schema.json`). */
export const REPORT_SCHEMA: object = reportSchema;

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

/** Reads a report.json and checks it is a version this code understands and matches the published schema. */
export function readReport(file: string): Report {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ReportFormatError(
      file,
      (error as NodeJS.ErrnoException).code ? `cannot be read (${(error as NodeJS.ErrnoException).code})` : `is not valid JSON (${(error as Error).message})`,
    );
  }
  const version = (parsed as { version?: unknown } | null)?.version;
  if (version !== REPORT_VERSION) throw new ReportFormatError(file, `has version ${JSON.stringify(version)}; expected ${REPORT_VERSION}`);
  const check = checkAgainstSchema(REPORT_SCHEMA, parsed);
  if (!check.valid) throw new ReportFormatError(file, `does not match report.schema.json: ${formatSchemaProblems(check.problems.slice(0, 5))}`);
  const report = parsed as Report;
  report.warnings ??= [];
  return report;
}
