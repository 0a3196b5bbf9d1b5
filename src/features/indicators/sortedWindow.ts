/**
 * The last `capacity` values, kept in arrival order and sorted: counts below a value and order statistics
 * by binary search, an update by one block move. A rolling rank or median then costs O(log n + n/8)
 * instead of a sort per reading. NaN must not be pushed: it has no place in the order.
 */
export class SortedWindow {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private n = 0;

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`capacity must be a whole number >= 1, got ${capacity}`);
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  get full(): boolean {
    return this.n === this.capacity;
  }

  /** Add `x`; when full, the oldest value leaves first. */
  push(x: number): void {
    if (this.n === this.capacity) this.remove(this.ring[this.head] as number);
    this.ring[this.head] = x;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    this.insert(x);
  }

  /** How many kept values are < x. */
  countBelow(x: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** How many kept values are <= x. */
  countAtMost(x: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The median of the kept values (the mean of the middle two for an even count); NaN when empty. */
  median(): number {
    const n = this.n;
    if (n === 0) return Number.NaN;
    const m = n >> 1;
    return n % 2 ? (this.sorted[m] as number) : ((this.sorted[m - 1] as number) + (this.sorted[m] as number)) / 2;
  }

  private remove(x: number): void {
    const i = this.countBelow(x);
    this.sorted.copyWithin(i, i + 1, this.n);
    this.n--;
  }

  private insert(x: number): void {
    const i = this.countAtMost(x);
    this.sorted.copyWithin(i + 1, i, this.n);
    this.sorted[i] = x;
    this.n++;
  }
}
