/**
 * Highest (or lowest) of the last `period` values, amortised O(1): a monotone deque of candidates in
 * ring buffers, so a 100-bar peak costs the same as a 14-bar one.
 */
export class RollingExtreme {
  private readonly values: Float64Array;
  private readonly stamps: Float64Array;
  private front = 0;
  private size = 0;
  private t = 0;

  /** `max` true for the rolling maximum, false for the minimum. */
  constructor(
    readonly period: number,
    private readonly max: boolean,
  ) {
    if (!(Number.isInteger(period) && period >= 1)) throw new RangeError(`period must be a whole number >= 1, got ${period}`);
    this.values = new Float64Array(period + 1);
    this.stamps = new Float64Array(period + 1);
  }

  /** Values seen so far, capped at `period`. */
  get count(): number {
    return this.t < this.period ? this.t : this.period;
  }

  get full(): boolean {
    return this.t >= this.period;
  }

  push(x: number): void {
    const cap = this.values.length;
    // Drop candidates the new value dominates, from the back.
    while (this.size > 0) {
      const back = (this.front + this.size - 1) % cap;
      const v = this.values[back] as number;
      if (this.max ? v <= x : v >= x) this.size--;
      else break;
    }
    const slot = (this.front + this.size) % cap;
    this.values[slot] = x;
    this.stamps[slot] = this.t;
    this.size++;
    // Drop the front once it has left the window.
    if ((this.stamps[this.front] as number) <= this.t - this.period) {
      this.front = (this.front + 1) % cap;
      this.size--;
    }
    this.t++;
  }

  value(): number {
    return this.size > 0 ? (this.values[this.front] as number) : Number.NaN;
  }
}
