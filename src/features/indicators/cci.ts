/**
 * Commodity channel index over `period` bars of typical price (h + l + c) / 3, with the mean absolute
 * deviation computed exactly over the window. First value at input index period - 1; 0 where the
 * window has no deviation (technicalindicators divides by zero there).
 */
export class Cci {
  private readonly tp: Float64Array;
  private n = 0;

  constructor(readonly period: number) {
    if (!(Number.isInteger(period) && period >= 1)) throw new RangeError(`period must be a whole number >= 1, got ${period}`);
    this.tp = new Float64Array(period);
  }

  update(high: number, low: number, close: number): number {
    const p = this.period;
    const tp = (high + low + close) / 3;
    this.tp[this.n % p] = tp;
    this.n++;
    if (this.n < p) return Number.NaN;
    let sum = 0;
    for (let i = 0; i < p; i++) sum += this.tp[i] as number;
    const mean = sum / p;
    let dev = 0;
    for (let i = 0; i < p; i++) dev += Math.abs((this.tp[i] as number) - mean);
    const meanDev = dev / p;
    return meanDev > 0 ? (tp - mean) / (0.015 * meanDev) : 0;
  }
}
