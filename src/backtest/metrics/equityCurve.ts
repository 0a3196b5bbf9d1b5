/** Account equity marked at the close of each bar; `time` in epoch ms, strictly increasing. */
export interface EquityPoint {
  readonly time: number;
  readonly equity: number;
}

/** Julian year: makes multi-year CAGR exact on average and gives 8,766 hourly bars a year (crypto never closes). */
export const YEAR_MS = 365.25 * 24 * 3_600_000;

/** Throws on the shapes no metric can be computed from: a report built on them would be wrong, not empty. */
export function assertEquityCurve(curve: readonly EquityPoint[]): void {
  if (curve.length === 0) throw new RangeError('equity curve is empty');
  for (let i = 0; i < curve.length; i++) {
    const { time, equity } = curve[i]!;
    if (!Number.isFinite(time) || !Number.isFinite(equity)) throw new RangeError(`equity curve point ${i} is not finite (time ${time}, equity ${equity})`);
    if (i > 0 && time <= curve[i - 1]!.time) throw new RangeError(`equity curve times must increase: point ${i} at ${time} follows ${curve[i - 1]!.time}`);
  }
  if (!(curve[0]!.equity > 0)) throw new RangeError(`equity curve must start with positive equity, got ${curve[0]!.equity}`);
}

/**
 * The bar duration: the median gap between points, so that missing bars (exchange outages) and a first
 * point placed before the first bar do not change it.
 */
export function barDurationMs(curve: readonly EquityPoint[]): number {
  if (curve.length < 2) return 0;
  const gaps = new Float64Array(curve.length - 1);
  for (let i = 1; i < curve.length; i++) gaps[i - 1] = curve[i]!.time - curve[i - 1]!.time;
  gaps.sort();
  const mid = gaps.length >> 1;
  return gaps.length % 2 === 1 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
}

/** Simple return of each bar, e[k] / e[k-1] - 1. A bar that starts with nothing left (equity <= 0) returns 0. */
export function barReturns(curve: readonly EquityPoint[]): Float64Array {
  const out = new Float64Array(Math.max(0, curve.length - 1));
  for (let i = 1; i < curve.length; i++) {
    const prev = curve[i - 1]!.equity;
    out[i - 1] = prev > 0 ? curve[i]!.equity / prev - 1 : 0;
  }
  return out;
}
