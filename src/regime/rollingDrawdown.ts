import { RollingExtreme } from '../features/indicators/index.js';

/**
 * Fall from the highest close of the last `period` bars (this one included): 1 - close / peak, in
 * [0, 1). NaN until the window is full, so a detector rebuilt from `warmup` bars of history sees the
 * same peak as one that ran from the start.
 */
export class RollingDrawdown {
  private readonly peak: RollingExtreme;

  constructor(readonly period: number) {
    this.peak = new RollingExtreme(period, true);
  }

  update(close: number): number {
    this.peak.push(close);
    if (!this.peak.full) return Number.NaN;
    return 1 - close / this.peak.value();
  }
}
