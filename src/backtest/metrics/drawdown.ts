import type { EquityPoint } from './equityCurve.js';

export interface Drawdown {
  /** Largest fall from a running peak, as a fraction of that peak (0.25 = 25 % below the peak). */
  maxDrawdown: number;
  /** Time of the peak and of the trough of the largest fall. */
  peakTime: number;
  troughTime: number;
  /**
   * Longest time from a peak until equity is back at or above it, in ms. A drawdown still open at the
   * end of the curve counts until the last point.
   */
  longestDurationMs: number;
  /** Whether the curve ends below its running peak. */
  endsInDrawdown: boolean;
}

export function drawdown(curve: readonly EquityPoint[]): Drawdown {
  const first = curve[0];
  if (first === undefined) throw new RangeError('drawdown: empty equity curve');
  let peak = first.equity;
  let peakTime = first.time;
  let below = false;
  const result: Drawdown = { maxDrawdown: 0, peakTime: first.time, troughTime: first.time, longestDurationMs: 0, endsInDrawdown: false };
  for (const { time, equity } of curve) {
    if (equity >= peak) {
      if (below) result.longestDurationMs = Math.max(result.longestDurationMs, time - peakTime);
      below = false;
      peak = equity;
      peakTime = time;
      continue;
    }
    below = true;
    const fall = peak > 0 ? (peak - equity) / peak : 0;
    if (fall > result.maxDrawdown) {
      result.maxDrawdown = fall;
      result.peakTime = peakTime;
      result.troughTime = time;
    }
  }
  const last = curve[curve.length - 1]!;
  if (below) result.longestDurationMs = Math.max(result.longestDurationMs, last.time - peakTime);
  result.endsInDrawdown = below;
  return result;
}
