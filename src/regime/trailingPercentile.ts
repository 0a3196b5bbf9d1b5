/**
 * Where each value falls among the `window` values before it (itself excluded, so the reading at t
 * uses only t-window .. t-1): the mid-rank (below + ties / 2) / window, in [0, 1]. NaN until `window`
 * values have been seen. Values within a relative 1e-9 of each other count as ties, so a series that
 * is constant up to rounding sits at 0.5 instead of ranking its rounding noise.
 *
 * The past values are kept sorted: a binary search and one block move per value, so a 30-day window of
 * 5-minute bars (8,640 values) is still cheap.
 */
export class TrailingPercentile {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private n = 0;

  constructor(readonly window: number) {
    if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`window must be a whole number >= 1, got ${window}`);
    this.ring = new Float64Array(window);
    this.sorted = new Float64Array(window);
  }

  get full(): boolean {
    return this.n === this.window;
  }

  /** Rank `x` against the past window, then add it to the window. NaN is answered with NaN and not kept. */
  update(x: number): number {
    if (Number.isNaN(x)) return Number.NaN;
    let pct = Number.NaN;
    if (this.n === this.window) {
      const tol = Math.abs(x) * 1e-9;
      const below = this.lowerBound(x - tol);
      const upTo = this.upperBound(x + tol);
      pct = (below + (upTo - below) / 2) / this.window;
      this.remove(this.ring[this.head] as number);
    }
    this.ring[this.head] = x;
    this.head = this.head + 1 === this.window ? 0 : this.head + 1;
    this.insert(x);
    return pct;
  }

  /** Count of kept values < x. */
  private lowerBound(x: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Count of kept values <= x. */
  private upperBound(x: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private remove(x: number): void {
    const i = this.lowerBound(x);
    this.sorted.copyWithin(i, i + 1, this.n);
    this.n--;
  }

  private insert(x: number): void {
    const i = this.upperBound(x);
    this.sorted.copyWithin(i + 1, i, this.n);
    this.sorted[i] = x;
    this.n++;
  }
}
