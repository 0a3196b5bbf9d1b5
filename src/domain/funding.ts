import type { Symbol } from './bar.js';

/**
 * Where a perpetual's funding rates come from: the exchange's history, as stored. A port, so that the
 * venues stay pure: the runtime backs it with the store (or the live venue with the exchange).
 */
export interface FundingRates {
  /**
   * The rate of the funding period of `symbol` starting at `periodStart` (ms): a fraction of the position's
   * value, positive when longs pay shorts. Undefined when the history does not have it.
   */
  rateAt(symbol: Symbol, periodStart: number): number | undefined;
}

/** One stored funding rate: the exchange's relative rate of the period starting at `time`. */
export interface FundingRate {
  readonly symbol: Symbol;
  readonly time: number;
  readonly rate: number;
}
