import { RollingMoments } from './rollingMoments.js';

/**
 * Bollinger bands: mean ± k population standard deviations of the last `period` closes. Position is
 * %B, (close - lower) / (upper - lower); width is (upper - lower) / middle. First at index period - 1.
 * Bands without width give position 0.5 and width 0.
 */
export class Bollinger {
  private readonly m: RollingMoments;
  middle = Number.NaN;
  upper = Number.NaN;
  lower = Number.NaN;
  position = Number.NaN;
  width = Number.NaN;

  constructor(
    readonly period: number,
    readonly k: number,
  ) {
    this.m = new RollingMoments(period);
  }

  update(close: number): void {
    this.m.push(close);
    if (!this.m.full) return;
    const mid = this.m.mean();
    const sd = this.m.std();
    this.middle = mid;
    this.upper = mid + sd * this.k;
    this.lower = mid - sd * this.k;
    const span = this.upper - this.lower;
    this.position = span > 0 ? (close - this.lower) / span : 0.5;
    this.width = mid !== 0 ? span / mid : 0;
  }
}
