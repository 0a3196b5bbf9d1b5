/** The value pushed `lag` pushes ago (NaN until there is one). */
export class LagBuffer {
  private readonly buf: Float64Array;
  private head = 0;
  private n = 0;

  constructor(readonly lag: number) {
    if (!(Number.isInteger(lag) && lag >= 1)) throw new RangeError(`lag must be a whole number >= 1, got ${lag}`);
    this.buf = new Float64Array(lag + 1);
  }

  /** Store `x` and return the value from `lag` pushes before it. */
  push(x: number): number {
    const size = this.buf.length;
    this.buf[this.head] = x;
    this.head = this.head + 1 === size ? 0 : this.head + 1;
    if (this.n < size) this.n++;
    // After the write, head points at the oldest of the last lag + 1 values.
    return this.n === size ? (this.buf[this.head] as number) : Number.NaN;
  }
}
