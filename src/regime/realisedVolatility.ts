import { RollingMoments } from '../features/indicators/index.js';

/** Population standard deviation of the last `period` one-bar log returns; NaN until there are `period`. */
export class RealisedVolatility {
  private readonly moments: RollingMoments;
  private prevClose = Number.NaN;

  constructor(readonly period: number) {
    this.moments = new RollingMoments(period);
  }

  update(close: number): number {
    const prev = this.prevClose;
    this.prevClose = close;
    if (Number.isNaN(prev)) return Number.NaN;
    this.moments.push(Math.log(close / prev));
    return this.moments.full ? this.moments.std() : Number.NaN;
  }
}
