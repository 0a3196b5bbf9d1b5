import { TrueRange } from './trueRange.js';
import { wilderAverage, type SmoothedAverage } from './smoothedAverage.js';

/**
 * Average true range, Wilder-smoothed and seeded with the mean of the first `period` true ranges, like
 * technicalindicators' ATR (the one the stop rules use). First value at input
 * index `period`.
 */
export class Atr {
  private readonly tr = new TrueRange();
  private readonly avg: SmoothedAverage;

  constructor(readonly period: number) {
    this.avg = wilderAverage(period);
  }

  update(high: number, low: number, close: number): number {
    const tr = this.tr.update(high, low, close);
    return Number.isNaN(tr) ? Number.NaN : this.avg.update(tr);
  }
}
