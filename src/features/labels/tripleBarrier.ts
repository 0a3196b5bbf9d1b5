import { BARRIER } from './labelOptions.js';

export interface BarrierInput {
  readonly open: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
}

export interface BarrierSettings {
  readonly horizon: number;
  readonly takeProfitAtr: number;
  readonly stopAtr: number;
  readonly entry: 'nextOpen' | 'close';
}

/**
 * Triple-barrier outcome of a long and of a short entered on the signal at bar t, for every t with a
 * defined ATR and h bars after it. Long: take profit at entry + tp ATR, stop at entry - stop ATR;
 * short mirrored. Bars t + 1 .. t + h are checked in order; a bar that touches both barriers counts
 * as the stop, as the simulated venue fills it. Neither touched by bar t + h: timeout. NaN otherwise.
 */
export function tripleBarrier(bars: BarrierInput, atr: ArrayLike<number>, s: BarrierSettings): { long: Float32Array; short: Float32Array } {
  const n = bars.close.length;
  const long = new Float32Array(n).fill(Number.NaN);
  const short = new Float32Array(n).fill(Number.NaN);
  const h = s.horizon;
  for (let t = 0; t + h < n; t++) {
    const a = atr[t] as number;
    if (Number.isNaN(a)) continue;
    const entry = s.entry === 'nextOpen' ? (bars.open[t + 1] as number) : (bars.close[t] as number);
    const longTp = entry + s.takeProfitAtr * a;
    const longStop = entry - s.stopAtr * a;
    const shortTp = entry - s.takeProfitAtr * a;
    const shortStop = entry + s.stopAtr * a;
    let lo: number = BARRIER.timeout;
    let so: number = BARRIER.timeout;
    let longOpen = true;
    let shortOpen = true;
    for (let j = t + 1; j <= t + h && (longOpen || shortOpen); j++) {
      const hi = bars.high[j] as number;
      const low = bars.low[j] as number;
      if (longOpen) {
        if (low <= longStop) {
          lo = BARRIER.stop;
          longOpen = false;
        } else if (hi >= longTp) {
          lo = BARRIER.takeProfit;
          longOpen = false;
        }
      }
      if (shortOpen) {
        if (hi >= shortStop) {
          so = BARRIER.stop;
          shortOpen = false;
        } else if (low <= shortTp) {
          so = BARRIER.takeProfit;
          shortOpen = false;
        }
      }
    }
    long[t] = lo;
    short[t] = so;
  }
  return { long, short };
}
