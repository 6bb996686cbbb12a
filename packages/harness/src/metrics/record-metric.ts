import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseScenarioIds } from '../scenarios/scenario-ids';
import { checkThreshold, type ThresholdCheck } from '../slo/threshold';
import { ensureRunDirectory, sidecarFileName } from './run-dir';
import { resolveFigure, type FigureInput } from './resolve-figure';
import { checkAgainstSchema, formatSchemaProblems } from '../schemas/schema-validator';
import { METRIC_SIDECAR_SCHEMA, type MetricRecord, type MetricRole, type NotRunRecord, type SidecarRecord } from './sidecar-record';

export interface MetricInput extends FigureInput {
  /** Scenario IDs; defaults to the IDs named in the current test's title. */
  scenario?: string | string[];
  name: string;
  threshold?: string;
  target?: string;
  /** `breach`: the test injects a breach of the threshold on purpose; the figure passes when it is violated. */
  role?: MetricRole;
  details?: Record<string, unknown>;
}

interface TestIdentity {
  testPath: string;
  testName: string;
}

function currentTest(): TestIdentity {
  const state = (globalThis as { expect?: { getState(): { testPath?: string; currentTestName?: string } } }).expect?.getState();
  return {
    testPath: state?.testPath ?? process.env.ORCH_TEST_PATH ?? 'outside-jest',
    testName: state?.currentTestName ?? '',
  };
}

function append(record: SidecarRecord): void {
  const directory = ensureRunDirectory();
  fs.appendFileSync(path.join(directory, 'metrics', sidecarFileName(record.testPath)), `${JSON.stringify(record)}\n`);
}

function scenariosOf(input: string | string[] | undefined, testName: string): string[] {
  if (Array.isArray(input)) return input;
  if (typeof input === 'string') return [input];
  return parseScenarioIds(testName);
}

/** Pass or fail of a figure against its threshold; a breach figure passes when the threshold is violated. */
function verdict(check: ThresholdCheck | undefined, role: MetricRole | undefined): boolean | undefined {
  if (!check) return undefined;
  return role === 'breach' ? Number.isFinite(check.observed) && !check.pass : check.pass;
}

function describeMiss(input: MetricInput, check: ThresholdCheck): string {
  const expectation = input.role === 'breach' ? `expected the injected breach of ${input.threshold}, but it held: ` : '';
  return `${input.name}: ${expectation}${check.text}${input.target ? ` — seed target: ${input.target}` : ''}`;
}

function buildRecord(input: MetricInput): { record: MetricRecord; check?: ThresholdCheck } {
  const { testPath, testName } = currentTest();
  const figure = resolveFigure(input, input.threshold);
  const check = input.threshold ? checkThreshold(input.threshold, figure.value, input.unit) : undefined;
  const pass = verdict(check, input.role);
  const record: MetricRecord = {
    v: 1,
    kind: 'metric',
    testPath,
    testName,
    scenarios: scenariosOf(input.scenario, testName),
    name: input.name,
    value: figure.value,
    unit: input.unit,
    ...(input.threshold ? { threshold: input.threshold } : {}),
    ...(input.target ? { target: input.target } : {}),
    ...(pass !== undefined ? { pass } : {}),
    ...(input.role ? { role: input.role } : {}),
    ...(figure.histogram ? { histogram: figure.histogram } : {}),
    ...(figure.samples ? { samples: figure.samples } : {}),
    ...(input.details ? { details: input.details } : {}),
    recordedAt: new Date().toISOString(),
  };
  return { record, ...(check ? { check } : {}) };
}

/**
 * Records a measured figure for the report. For a distribution threshold (`p(95)`, `max`, `min`,
 * `avg`) the figure is computed here from `samples` or `histogram`; a bare `value` is refused.
 * Returns the record with `pass` computed; prefer `expectMetric`, which records and asserts.
 */
export function recordMetric(input: MetricInput): MetricRecord {
  const { record } = buildRecord(input);
  append(record);
  return record;
}

/**
 * Records a figure and fails the test when it misses its threshold, with a k6-style message:
 * `✗ p(95)<100 (observed 150 ms)`.
 */
export function expectMetric(input: MetricInput & { threshold: string }): MetricRecord {
  const { record, check } = buildRecord(input);
  append(record);
  if (!record.pass) throw new Error(describeMiss(input, check!));
  return record;
}

/**
 * Records why a scenario's test cannot run here; the reporter shows the scenario as "not run"
 * with this reason instead of counting the skipped test as validated.
 */
export function recordNotRun(title: string, reason: string, scenario?: string | string[]): NotRunRecord {
  const { testPath, testName } = currentTest();
  const fullName = testName ? `${testName} ${title}` : title;
  const record: NotRunRecord = {
    v: 1,
    kind: 'not-run',
    testPath,
    testName: fullName,
    scenarios: scenariosOf(scenario, title),
    reason,
    recordedAt: new Date().toISOString(),
  };
  append(record);
  return record;
}

/** Reads every sidecar record of a run directory (the reporter's side); a line that is not JSON or not a record the schema accepts is left out and described in `problems`. */
export function readSidecarRecords(directory: string, problems: string[] = []): SidecarRecord[] {
  const metricsDirectory = path.join(directory, 'metrics');
  if (!fs.existsSync(metricsDirectory)) return [];
  const records: SidecarRecord[] = [];
  for (const file of fs.readdirSync(metricsDirectory).sort()) {
    if (!file.endsWith('.jsonl')) continue;
    fs.readFileSync(path.join(metricsDirectory, file), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (!line.trim()) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          // A line cut short by a killed worker is dropped rather than failing the whole report.
          problems.push(`${file}:${index + 1}: not valid JSON (a worker killed mid-write?)`);
          return;
        }
        // Checked against the published schema: a malformed record is named, never half-read.
        const check = checkAgainstSchema(METRIC_SIDECAR_SCHEMA, parsed);
        if (check.valid) records.push(parsed as SidecarRecord);
        else problems.push(`${file}:${index + 1}: ${formatSchemaProblems(check.problems.slice(0, 3))}`);
      });
  }
  return records;
}
