/**
 * Unit conversions the plans make once, so both backends render the same number.
 */

/**
 * A fraction as the percentage AWS APIs take (target tracking, utilisation thresholds), rounded
 * to two decimals so that binary floating point never leaks into a template: `0.555` is `55.5`
 * (not `55.50000000000001`), `0.7` is `70`.
 *
 * @param fraction a fraction, e.g. 0.555
 */
export function percentOf(fraction: number): number {
  return Math.round(fraction * 10000) / 100;
}
