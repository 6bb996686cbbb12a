/**
 * k6-style threshold expressions: `p(95)<100`, `rate<0.001`, `value<30`, `count==0`.
 * The left side names the aggregate the observed value is (documentation for the reader);
 * the comparison and bound decide pass/fail.
 */
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==';

export interface Threshold {
  source: string;
  aggregate: string;
  operator: ComparisonOperator;
  bound: number;
}

const THRESHOLD_PATTERN = /^\s*(p\(\d+(?:\.\d+)?\)|avg|min|max|rate|count|value|saturation)\s*(<=|>=|==|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;

export class ThresholdSyntaxError extends Error {
  readonly code = 'THRESHOLD_SYNTAX';
  constructor(source: string) {
    super(`threshold "${source}" is not of the form aggregate<op>number, e.g. p(95)<100`);
    this.name = 'ThresholdSyntaxError';
  }
}

export function parseThreshold(source: string): Threshold {
  const match = THRESHOLD_PATTERN.exec(source);
  if (!match) throw new ThresholdSyntaxError(source);
  return { source: source.trim(), aggregate: match[1]!, operator: match[2] as ComparisonOperator, bound: Number(match[3]) };
}

export function compare(value: number, operator: ComparisonOperator, bound: number): boolean {
  switch (operator) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
    case '==':
      return value === bound;
  }
}

export interface ThresholdCheck {
  threshold: Threshold;
  observed: number;
  pass: boolean;
  /** One line in k6's style: `✓ p(95)<100 (observed 12.3 ms)`. */
  text: string;
}

export function checkThreshold(source: string, observed: number, unit = ''): ThresholdCheck {
  const threshold = parseThreshold(source);
  const pass = Number.isFinite(observed) && compare(observed, threshold.operator, threshold.bound);
  const shown = Number.isInteger(observed) ? String(observed) : observed.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  const text = `${pass ? '✓' : '✗'} ${threshold.source} (observed ${shown}${unit ? ` ${unit}` : ''})`;
  return { threshold, observed, pass, text };
}
