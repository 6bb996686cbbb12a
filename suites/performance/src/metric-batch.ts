import { formatThresholdLine, matrixThreshold, recordMetric, type MetricInput, type MetricRecord } from '@orch/harness';

/**
 * Records every figure of a load run before judging any, so one missed target does not hide
 * the others from the report; `assertAll` then fails the test naming each miss. Each threshold
 * is printed the way k6 prints it: `✓ p(95)<100  p(95)=3.2ms`.
 */
export class MetricBatch {
  private readonly records: MetricRecord[] = [];
  private readonly lines: string[] = [];

  constructor(private readonly heading: string) {}

  add(input: MetricInput): MetricRecord {
    const record = recordMetric(input);
    this.records.push(record);
    const scenarios = record.scenarios.join(' ');
    this.lines.push(
      record.threshold
        ? `  ${formatThresholdLine(record.threshold, record.value, record.unit)}  [${scenarios}] ${record.name}`
        : `  · ${record.name} = ${record.value} ${record.unit}  [${scenarios}]`,
    );
    return record;
  }

  /** A figure judged by its scenario's matrix term (threshold, unit, the seed's words), not a copy of it. */
  seed(scenario: string, input: Omit<MetricInput, 'scenario' | 'threshold' | 'unit' | 'target'>): MetricRecord {
    const term = matrixThreshold(scenario);
    return this.add({ ...input, scenario, threshold: term.threshold, unit: term.unit, target: term.target } as MetricInput);
  }

  note(line: string): void {
    this.lines.push(`    ${line}`);
  }

  print(): void {
    console.log(`${this.heading}\n${this.lines.join('\n')}`);
  }

  assertAll(): void {
    this.print();
    const missed = this.records.filter((record) => record.pass === false);
    if (missed.length > 0) {
      throw new Error(
        `missed targets:\n${missed.map((record) => `  ${formatThresholdLine(record.threshold!, record.value, record.unit)}  [${record.scenarios.join(' ')}] ${record.name}`).join('\n')}`,
      );
    }
  }
}
