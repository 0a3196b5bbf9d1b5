import { SortedWindow } from '../features/indicators/sortedWindow.js';

/**
 * Where each value falls among the `window` values before it (itself excluded, so the reading at t
 * uses only t-window .. t-1): the mid-rank (below + ties / 2) / window, in [0, 1]. NaN until `window`
 * values have been seen. Values within a relative 1e-9 of each other count as ties, so a series that
 * is constant up to rounding sits at 0.5 instead of ranking its rounding noise.
 *
 * The past values are kept sorted (SortedWindow), so a 30-day window of 5-minute bars (8,640 values) is
 * still cheap.
 */
export class TrailingPercentile {
  private readonly past: SortedWindow;

  constructor(readonly window: number) {
    if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`window must be a whole number >= 1, got ${window}`);
    this.past = new SortedWindow(window);
  }

  get full(): boolean {
    return this.past.full;
  }

  /** Rank `x` against the past window, then add it to the window. NaN is answered with NaN and not kept. */
  update(x: number): number {
    if (Number.isNaN(x)) return Number.NaN;
    let pct = Number.NaN;
    if (this.past.full) {
      const tol = Math.abs(x) * 1e-9;
      const below = this.past.countBelow(x - tol);
      const upTo = this.past.countAtMost(x + tol);
      pct = (below + (upTo - below) / 2) / this.window;
    }
    this.past.push(x);
    return pct;
  }
}
