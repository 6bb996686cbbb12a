/**
 * True for a finite number. Hot sample loops use this instead of Number.isFinite: `x - x` is 0
 * for every finite x and NaN otherwise, and it stays a plain arithmetic op in every realm (under
 * Jest's vm context Number.isFinite measured ~50x slower per call).
 */
export function finite(value: number): boolean {
  return value - value === 0;
}
