import { HOUR_MS, type FailurePattern, type RollupRow } from './learning-event';

export interface MiningOptions {
  /** At least this many distinct days with a failure in the same hour (default 3). */
  minDays?: number;
  minSupport?: number;
  minConfidence?: number;
}

/**
 * Finds recurring failures from the hourly pre-aggregate: for each service and hour of day,
 * support = days with a failure in that hour / days the service was observed, confidence =
 * failures in that hour / all failures of the service. Works the same on SQLite and Postgres
 * rollups because it only reads rows.
 */
export function mineFailurePatterns(rows: Iterable<RollupRow>, options: MiningOptions = {}): FailurePattern[] {
  const minDays = options.minDays ?? 3;
  const minSupport = options.minSupport ?? 0.5;
  const minConfidence = options.minConfidence ?? 0.5;
  const observedDays = new Map<string, Set<number>>();
  const failureDays = new Map<string, Set<number>>();
  const failuresAt = new Map<string, number>();
  const totalFailures = new Map<string, number>();
  const span = new Map<string, [number, number]>();
  for (const row of rows) {
    const day = Math.floor((row.hour * HOUR_MS) / 86_400_000);
    const hourOfDay = row.hour % 24;
    if (!observedDays.has(row.service)) observedDays.set(row.service, new Set());
    observedDays.get(row.service)!.add(day);
    if (row.failures === 0) continue;
    const key = `${row.service}\u0000${hourOfDay}`;
    if (!failureDays.has(key)) failureDays.set(key, new Set());
    failureDays.get(key)!.add(day);
    failuresAt.set(key, (failuresAt.get(key) ?? 0) + row.failures);
    totalFailures.set(row.service, (totalFailures.get(row.service) ?? 0) + row.failures);
    const [first, last] = span.get(key) ?? [Infinity, -Infinity];
    span.set(key, [Math.min(first, row.hour * HOUR_MS), Math.max(last, row.hour * HOUR_MS)]);
  }
  const patterns: FailurePattern[] = [];
  for (const [key, days] of failureDays) {
    const [service, hourText] = key.split('\u0000') as [string, string];
    const daysObserved = observedDays.get(service)!.size;
    const support = days.size / daysObserved;
    const confidence = failuresAt.get(key)! / totalFailures.get(service)!;
    if (days.size < minDays || support < minSupport || confidence < minConfidence) continue;
    const [firstSeen, lastSeen] = span.get(key)!;
    patterns.push({
      id: `recurring-failure:${service}:${hourText}`,
      type: 'recurring-failure',
      service,
      hourOfDay: Number(hourText),
      support,
      confidence,
      occurrences: failuresAt.get(key)!,
      daysWithFailure: days.size,
      daysObserved,
      firstSeen,
      lastSeen,
    });
  }
  return patterns.sort((a, b) => b.support * b.confidence - a.support * a.confidence);
}
