/**
 * Risk-adjusted ratios of per-bar returns, annualised by sqrt(bars per year), risk-free rate 0.
 *
 * A zero denominator follows one rule everywhere in the performance report, so that reports stay
 * JSON-safe (no Infinity, no NaN): the ratio is 0 when the numerator is 0 too (a flat curve: nothing to
 * measure), and null when it is not (unbounded, e.g. a curve that rises by the same step every bar).
 */

/** A per-bar deviation below this is floating-point noise: a constant-return curve computes about 1e-17. */
export const ZERO_DEVIATION = 1e-12;

export function boundedRatio(numerator: number, denominator: number, zero = 0): number | null {
  if (Math.abs(denominator) > zero) return numerator / denominator;
  return Math.abs(numerator) <= zero ? 0 : null;
}

function meanOf(r: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i]!;
  return r.length === 0 ? 0 : s / r.length;
}

/** Sample standard deviation (n - 1); 0 for fewer than two values. */
export function standardDeviation(r: ArrayLike<number>): number {
  if (r.length < 2) return 0;
  const m = meanOf(r);
  let s = 0;
  for (let i = 0; i < r.length; i++) s += (r[i]! - m) ** 2;
  return Math.sqrt(s / (r.length - 1));
}

/** sqrt(mean of min(r, 0)²) over all bars: the deviation Sortino divides by (target return 0). */
export function downsideDeviation(r: ArrayLike<number>): number {
  if (r.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < r.length; i++) if (r[i]! < 0) s += r[i]! ** 2;
  return Math.sqrt(s / r.length);
}

export function sharpeRatio(returns: ArrayLike<number>, barsPerYear: number): number | null {
  const ratio = boundedRatio(meanOf(returns), standardDeviation(returns), ZERO_DEVIATION);
  return ratio === null ? null : ratio * Math.sqrt(barsPerYear);
}

export function sortinoRatio(returns: ArrayLike<number>, barsPerYear: number): number | null {
  const ratio = boundedRatio(meanOf(returns), downsideDeviation(returns), ZERO_DEVIATION);
  return ratio === null ? null : ratio * Math.sqrt(barsPerYear);
}
