import { RollingExtreme } from './rollingExtreme.js';

/**
 * Fast stochastic: %K = 100 (close - lowest low) / (highest high - lowest low) over `period` bars,
 * %D = simple mean of the last `signal` %K. %K from input index period - 1, %D from period + signal - 2.
 * A window without range gives %K = 50 (technicalindicators gives 0).
 */
export class Stochastic {
  private readonly hh: RollingExtreme;
  private readonly ll: RollingExtreme;
  private readonly ks: Float64Array;
  private kCount = 0;
  k = Number.NaN;
  d = Number.NaN;

  constructor(
    readonly period: number,
    readonly signal: number,
  ) {
    this.hh = new RollingExtreme(period, true);
    this.ll = new RollingExtreme(period, false);
    this.ks = new Float64Array(signal);
  }

  update(high: number, low: number, close: number): void {
    this.hh.push(high);
    this.ll.push(low);
    if (!this.hh.full) return;
    const lo = this.ll.value();
    const range = this.hh.value() - lo;
    this.k = range > 0 ? ((close - lo) / range) * 100 : 50;
    this.ks[this.kCount % this.signal] = this.k;
    this.kCount++;
    if (this.kCount < this.signal) return;
    let sum = 0;
    for (let i = 0; i < this.signal; i++) sum += this.ks[i] as number;
    this.d = sum / this.signal;
  }
}
