/**
 * x_t = prev + alpha * (value - prev), seeded with the simple mean of the first `period` values and NaN
 * before that: technicalindicators' EMA (alpha = 2 / (period + 1)) and WEMA (alpha = 1 / period), with
 * the same seed and the same arithmetic so the two agree to the bit.
 */
export class SmoothedAverage {
  private n = 0;
  private sum = 0;
  value = Number.NaN;

  constructor(
    readonly period: number,
    private readonly alpha: number,
  ) {
    if (!(Number.isInteger(period) && period >= 1)) throw new RangeError(`period must be a whole number >= 1, got ${period}`);
  }

  get ready(): boolean {
    return this.n >= this.period;
  }

  update(x: number): number {
    if (this.n < this.period) {
      this.sum += x;
      this.n++;
      if (this.n === this.period) this.value = this.sum / this.period;
      return this.value;
    }
    this.value = (x - this.value) * this.alpha + this.value;
    return this.value;
  }
}

/** Exponential moving average, SMA-seeded: first value at the period-th input. */
export function ema(period: number): SmoothedAverage {
  return new SmoothedAverage(period, 2 / (period + 1));
}

/** Wilder's moving average (RMA), SMA-seeded: the smoothing of ATR and of ADX's DX. */
export function wilderAverage(period: number): SmoothedAverage {
  return new SmoothedAverage(period, 1 / period);
}
