/**
 * Mean and population standard deviation of the last `period` values, O(1) per value.
 *
 * Sums are kept relative to a shift close to the window's mean, and recomputed exactly from the buffer
 * every `period` values, so neither cancellation (BTC at 60,000 with a std of 300) nor drift over
 * 70k bars creeps in. The schedule depends only on how many values came in, so the same inputs give
 * the same bits in batch and in streaming.
 */
export class RollingMoments {
  private readonly buf: Float64Array;
  private head = 0;
  private n = 0;
  private sinceRebase = 0;
  private shift = 0;
  private sum = 0;
  private sumSq = 0;

  constructor(readonly period: number) {
    if (!(Number.isInteger(period) && period >= 1)) throw new RangeError(`period must be a whole number >= 1, got ${period}`);
    this.buf = new Float64Array(period);
  }

  get count(): number {
    return this.n;
  }

  get full(): boolean {
    return this.n === this.period;
  }

  push(x: number): void {
    if (this.n === 0) this.shift = x;
    if (this.n === this.period) {
      const old = (this.buf[this.head] as number) - this.shift;
      this.sum -= old;
      this.sumSq -= old * old;
    } else {
      this.n++;
    }
    this.buf[this.head] = x;
    this.head = this.head + 1 === this.period ? 0 : this.head + 1;
    const d = x - this.shift;
    this.sum += d;
    this.sumSq += d * d;
    if (++this.sinceRebase >= this.period) this.rebase();
  }

  mean(): number {
    return this.shift + this.sum / this.n;
  }

  variance(): number {
    const v = (this.sumSq - (this.sum * this.sum) / this.n) / this.n;
    return v > 0 ? v : 0;
  }

  std(): number {
    return Math.sqrt(this.variance());
  }

  private rebase(): void {
    this.sinceRebase = 0;
    let s = 0;
    for (let i = 0; i < this.n; i++) s += this.buf[i] as number;
    this.shift = s / this.n;
    let d1 = 0;
    let d2 = 0;
    for (let i = 0; i < this.n; i++) {
      const d = (this.buf[i] as number) - this.shift;
      d1 += d;
      d2 += d * d;
    }
    this.sum = d1;
    this.sumSq = d2;
  }
}
