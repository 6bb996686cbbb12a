import { describeStatistic, statisticOf, type Statistic } from './statistic';
import { parseThreshold, type ComparisonOperator } from './threshold';
import { convertUnit } from './units';

/** A threshold together with the unit its bound is in, as the matrix and metric records give them. */
export interface UnitThreshold {
  threshold: string;
  unit: string;
}

export type Implication = { ok: true } | { ok: false; reason: string };

type Direction = 'upper' | 'lower' | 'equal';

function directionOf(operator: ComparisonOperator): Direction {
  if (operator === '<' || operator === '<=') return 'upper';
  if (operator === '>' || operator === '>=') return 'lower';
  return 'equal';
}

function same(a: Statistic, b: Statistic): boolean {
  return describeStatistic(a) === describeStatistic(b);
}

/** True when `stronger` is at least `weaker` for every data set, so an upper bound on it bounds `weaker` too. */
function boundsFromAbove(stronger: Statistic, weaker: Statistic): boolean {
  if (same(stronger, weaker)) return true;
  // A single observation (`value`) is one of the samples, so the maximum bounds it too.
  if (stronger.kind === 'max') return weaker.kind !== 'scalar' || weaker.name === 'value';
  if (stronger.kind === 'percentile' && weaker.kind === 'percentile') return stronger.percentile >= weaker.percentile;
  return (stronger.kind === 'percentile' || stronger.kind === 'avg') && weaker.kind === 'min';
}

/** True when `stronger` is at most `weaker` for every data set, so a lower bound on it bounds `weaker` too. */
function boundsFromBelow(stronger: Statistic, weaker: Statistic): boolean {
  if (same(stronger, weaker)) return true;
  if (stronger.kind === 'min') return weaker.kind !== 'scalar' || weaker.name === 'value';
  if (stronger.kind === 'percentile' && weaker.kind === 'percentile') return stronger.percentile <= weaker.percentile;
  return (stronger.kind === 'percentile' || stronger.kind === 'avg') && weaker.kind === 'max';
}

const EPSILON = 1e-9;
const atMost = (a: number, b: number): boolean => a <= b + EPSILON * Math.max(1, Math.abs(a), Math.abs(b));
const below = (a: number, b: number): boolean => a < b - EPSILON * Math.max(1, Math.abs(a), Math.abs(b));

function boundIsTighter(measuredOperator: ComparisonOperator, measuredBound: number, requiredOperator: ComparisonOperator, requiredBound: number): boolean {
  const direction = directionOf(requiredOperator);
  if (direction === 'equal') return measuredOperator === '==' && atMost(measuredBound, requiredBound) && atMost(requiredBound, measuredBound);
  // Flip lower bounds so one rule serves both: `> b` is `< -b` of the negated statistic.
  const sign = direction === 'upper' ? 1 : -1;
  const measured = sign * measuredBound;
  const required = sign * requiredBound;
  const strict = (operator: ComparisonOperator): boolean => operator === '<' || operator === '>';
  if (strict(requiredOperator) && !strict(measuredOperator)) return below(measured, required);
  return atMost(measured, required);
}

/**
 * Whether a metric checked against `measured` shows that `required` holds: the same statistic or
 * a stronger one in the same direction, and an equal or tighter bound once units are converted.
 * Examples: `max<80` implies `p(95)<100`; `p(95)<100` does not imply `max<100`.
 */
export function thresholdImplies(measured: UnitThreshold, required: UnitThreshold): Implication {
  const m = parseThreshold(measured.threshold);
  const r = parseThreshold(required.threshold);
  const mStatistic = statisticOf(m.aggregate);
  const rStatistic = statisticOf(r.aggregate);
  const mDirection = directionOf(m.operator);
  const rDirection = directionOf(r.operator);
  const looser = { ok: false as const, reason: `threshold looser than the matrix: measured ${m.source} (${measured.unit}), required ${r.source} (${required.unit})` };
  const bound = convertUnit(m.bound, measured.unit, required.unit);
  if (bound === undefined) return { ok: false, reason: `unit "${measured.unit}" of ${m.source} cannot be compared with the matrix's "${required.unit}" of ${r.source}` };
  if (rDirection === 'equal') {
    return mDirection === 'equal' && same(mStatistic, rStatistic) && boundIsTighter(m.operator, bound, r.operator, r.bound) ? { ok: true } : looser;
  }
  const statisticOk = rDirection === 'upper' ? boundsFromAbove(mStatistic, rStatistic) : boundsFromBelow(mStatistic, rStatistic);
  if (!statisticOk) return looser;
  if (mDirection === 'equal') {
    // `x == b` bounds x from both sides, as tightly as `x <= b` / `x >= b`.
    return boundIsTighter(rDirection === 'upper' ? '<=' : '>=', bound, r.operator, r.bound) ? { ok: true } : looser;
  }
  if (mDirection !== rDirection) return looser;
  return boundIsTighter(m.operator, bound, r.operator, r.bound) ? { ok: true } : looser;
}

/**
 * Whether a breach metric (a threshold deliberately violated, observed violated) shows that the
 * required threshold is violated too: true exactly when the required threshold holding would
 * have made the measured one hold.
 */
export function breachImplies(measured: UnitThreshold, required: UnitThreshold): Implication {
  const reverse = thresholdImplies(required, measured);
  if (reverse.ok) return reverse;
  return { ok: false, reason: `breach of ${measured.threshold} (${measured.unit}) does not show a breach of the matrix's ${required.threshold} (${required.unit})` };
}
