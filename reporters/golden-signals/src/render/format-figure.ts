/**
 * Shows a measured figure in the unit the template asks for: `0.0004 ratio` as `0.04%`,
 * `0.42 s` as `420 ms`. Units of one family convert; anything else keeps the metric's own unit.
 */
const FAMILIES: Record<string, Record<string, number>> = {
  time: { us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, sec: 1, seconds: 1, min: 60, minutes: 60, h: 3600, hours: 3600 },
  ratio: { ratio: 1, '%': 0.01 },
  size: { B: 1 / 1024 ** 2, KB: 1 / 1024, MB: 1, GB: 1024 },
};

function familyOf(unit: string): [string, number] | undefined {
  for (const [family, units] of Object.entries(FAMILIES)) {
    if (units[unit] !== undefined) return [family, units[unit]!];
  }
  return undefined;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return Number(value.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** `12.3 ms`, `0.04%`, `$12.5/day`, `2,880 iterations`. */
export function formatFigure(value: number, unit: string, displayUnit: string): string {
  const [display, ...rest] = displayUnit.split(' ');
  const suffix = rest.length > 0 ? ` ${rest.join(' ')}` : '';
  if (unit.startsWith('$')) return `$${formatNumber(value)}${unit.slice(1)}`;
  const from = familyOf(unit);
  const to = display ? familyOf(display) : undefined;
  if (from && to && from[0] === to[0]) {
    const converted = (value * from[1]) / to[1];
    return display === '%' ? `${formatNumber(converted)}%${suffix}` : `${formatNumber(converted)} ${display}${suffix}`;
  }
  return `${formatNumber(value)}${unit ? ` ${unit}` : ''}`;
}
