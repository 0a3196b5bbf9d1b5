import { TrueRange } from './trueRange.js';
import { wilderAverage, type SmoothedAverage } from './smoothedAverage.js';

/** Wilder's running sum: the sum of the first `period` values, then s - s / period + x. */
class WilderSum {
  private n = 0;
  value = Number.NaN;
  constructor(private readonly period: number) {}
  update(x: number): number {
    if (this.n < this.period) {
      this.value = this.n === 0 ? x : this.value + x;
      if (++this.n < this.period) return Number.NaN;
      return this.value;
    }
    this.value = this.value - this.value / this.period + x;
    return this.value;
  }
}

/**
 * Directional movement (+DI, -DI) and ADX, smoothed as technicalindicators does: Wilder sums of TR and
 * of ±DM, and ADX as a Wilder average of DX seeded with the mean of the first `period` DX values.
 * ±DI first at input index `period`, ADX at 2 * period - 1. Where technicalindicators divides zero by
 * zero (a flat market), DI and DX are 0.
 */
export class Adx {
  private readonly tr = new TrueRange();
  private readonly sTr: WilderSum;
  private readonly sPlus: WilderSum;
  private readonly sMinus: WilderSum;
  private readonly dxAvg: SmoothedAverage;
  private started = false;
  private prevHigh = 0;
  private prevLow = 0;
  plusDi = Number.NaN;
  minusDi = Number.NaN;
  adx = Number.NaN;

  constructor(readonly period: number) {
    if (!(Number.isInteger(period) && period >= 1)) throw new RangeError(`period must be a whole number >= 1, got ${period}`);
    this.sTr = new WilderSum(period);
    this.sPlus = new WilderSum(period);
    this.sMinus = new WilderSum(period);
    this.dxAvg = wilderAverage(period);
  }

  update(high: number, low: number, close: number): void {
    const tr = this.tr.update(high, low, close);
    if (!this.started) {
      this.started = true;
      this.prevHigh = high;
      this.prevLow = low;
      return;
    }
    const up = high - this.prevHigh;
    const down = this.prevLow - low;
    this.prevHigh = high;
    this.prevLow = low;
    const plusDm = up > down && up > 0 ? up : 0;
    const minusDm = down > up && down > 0 ? down : 0;
    const str = this.sTr.update(tr);
    const sp = this.sPlus.update(plusDm);
    const sm = this.sMinus.update(minusDm);
    if (Number.isNaN(str)) return;
    this.plusDi = str > 0 ? (sp * 100) / str : 0;
    this.minusDi = str > 0 ? (sm * 100) / str : 0;
    const diSum = this.plusDi + this.minusDi;
    const dx = diSum > 0 ? (Math.abs(this.plusDi - this.minusDi) / diSum) * 100 : 0;
    this.adx = this.dxAvg.update(dx);
  }
}
