import * as fs from 'node:fs';
import * as path from 'node:path';
import { repositoryRoot } from '../targets/system-process';
import { checkThreshold, parseThreshold } from '../slo/threshold';

/** `✓ p(95)<100  p(95)=3.2ms` — k6's end-of-test threshold line. */
export function formatThresholdLine(threshold: string, observed: number, unit: string): string {
  const check = checkThreshold(threshold, observed, unit);
  const shown = Number.isInteger(observed) ? String(observed) : String(Math.round(observed * 1000) / 1000);
  const compactUnit = unit === 'ms' || unit === 's' || unit === '%' ? unit : unit ? ` ${unit}` : '';
  return `${check.pass ? '✓' : '✗'} ${check.threshold.source}  ${check.threshold.aggregate}=${shown}${compactUnit}`;
}

interface MatrixEntry {
  id: string;
  threshold: string[];
  unit?: string;
  target: string;
}

let cached: Map<string, MatrixEntry> | undefined;

function matrix(): Map<string, MatrixEntry> {
  if (!cached) {
    const file = path.join(repositoryRoot(), 'fixtures', 'user-case-matrix.json');
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { scenarios: MatrixEntry[] };
    cached = new Map(parsed.scenarios.map((entry) => [entry.id, entry]));
  }
  return cached;
}

export interface ScenarioThreshold {
  scenario: string;
  threshold: string;
  unit: string;
  target: string;
}

/**
 * A scenario's threshold terms as the matrix states them (each validated by parsing), so a
 * test asserts the seed's target rather than a copy of it that can drift.
 */
export function matrixThresholds(scenario: string): ScenarioThreshold[] {
  const entry = matrix().get(scenario);
  if (!entry) throw new Error(`scenario ${scenario} is not in fixtures/user-case-matrix.json`);
  return entry.threshold.map((threshold) => {
    parseThreshold(threshold);
    return { scenario, threshold, unit: entry.unit ?? '', target: entry.target };
  });
}

/** The one threshold term of a scenario (most load scenarios have exactly one). */
export function matrixThreshold(scenario: string): ScenarioThreshold {
  const terms = matrixThresholds(scenario);
  if (terms.length !== 1) throw new Error(`scenario ${scenario} has ${terms.length} threshold terms; use matrixThresholds`);
  return terms[0]!;
}
