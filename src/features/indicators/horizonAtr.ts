import { LagBuffer } from './lagBuffer.js';
import { RollingExtreme } from './rollingExtreme.js';
import { RollingMoments } from './rollingMoments.js';

/**
 * Average true range of `horizon`-bar candles, updated every bar: the true range of the last `horizon` bars
 * (highest high and lowest low, widened to the close before them), averaged over the last `window` bars
 * (overlapping windows: every bar starts one, so a month-long ATR needs months, not years, of history). With horizon 1 it is a plain mean true range; with horizon 24 on hourly bars, a daily ATR
 * that moves every hour instead of once a day. It is the unit of stops for a position held about `horizon`
 * bars: a one-bar ATR stop on a multi-day position is only noise.
 */
export class HorizonAtr {
  private readonly highs: RollingExtreme;
  private readonly lows: RollingExtreme;
  private readonly closeBefore: LagBuffer;
  private readonly ranges: RollingMoments;

  constructor(
    readonly horizon: number,
    readonly window: number,
  ) {
    if (!(Number.isInteger(horizon) && horizon >= 1)) throw new RangeError(`horizon must be a whole number >= 1, got ${horizon}`);
    if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`window must be a whole number >= 1, got ${window}`);
    this.highs = new RollingExtreme(horizon, true);
    this.lows = new RollingExtreme(horizon, false);
    this.closeBefore = new LagBuffer(horizon);
    this.ranges = new RollingMoments(window);
  }

  /** Bars needed before the first value. */
  get warmup(): number {
    return this.horizon + this.window;
  }

  /** The ATR after this bar, NaN until the window is full. */
  update(high: number, low: number, close: number): number {
    this.highs.push(high);
    this.lows.push(low);
    const before = this.closeBefore.push(close);
    if (!Number.isNaN(before)) {
      const hi = Math.max(this.highs.value(), before);
      const lo = Math.min(this.lows.value(), before);
      this.ranges.push(hi - lo);
    }
    return this.ranges.full ? this.ranges.mean() : Number.NaN;
  }
}
