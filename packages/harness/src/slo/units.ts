/**
 * Units a threshold can be compared across. Each family maps a unit to its size in the family's
 * base unit; two units convert only within one family (ms ↔ s, % ↔ ratio, MB ↔ GB).
 */
const FAMILIES: Record<string, number>[] = [
  { us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, sec: 1, seconds: 1, min: 60, minutes: 60, h: 3600, hours: 3600, days: 86_400 },
  { ratio: 1, '%': 0.01, percent: 0.01 },
  { B: 1, bytes: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 },
];

function familyOf(unit: string): Record<string, number> | undefined {
  return FAMILIES.find((family) => family[unit] !== undefined);
}

/** `value` given in `from` expressed in `to`; undefined when the two units are not comparable. */
export function convertUnit(value: number, from: string, to: string): number | undefined {
  if (from === to) return value;
  const family = familyOf(from);
  if (!family || family[to] === undefined) return undefined;
  // Twelve significant digits drop the binary noise of the factors (1e-3 × 1e6 is not exactly 1000).
  return Number(((value * family[from]!) / family[to]!).toPrecision(12));
}

export function isTimeUnit(unit: string): boolean {
  return FAMILIES[0]![unit] !== undefined;
}
