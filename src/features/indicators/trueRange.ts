/** True range: the bar's range extended to the previous close; NaN on the first bar. */
export class TrueRange {
  private started = false;
  private prevClose = 0;

  update(high: number, low: number, close: number): number {
    if (!this.started) {
      this.started = true;
      this.prevClose = close;
      return Number.NaN;
    }
    const pc = this.prevClose;
    this.prevClose = close;
    const a = high - low;
    const b = Math.abs(high - pc);
    const c = Math.abs(low - pc);
    return a > b ? (a > c ? a : c) : b > c ? b : c;
  }
}
