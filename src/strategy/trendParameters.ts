/**
 * The rule-based strategy's parameters. They are fixed a priori, from the literature and from reasoning about
 * the venue, never fitted on the years the strategy is judged on (see docs/strategy.md for the sources).
 */
export interface TrendParameters {
  /** Momentum lookbacks in days; each votes for the side of its past return (time-series momentum). */
  readonly lookbackDays: readonly number[];
  /** Days of bar returns the volatility estimate uses. */
  readonly volatilityDays: number;
  /** Annualised volatility each asset's sleeve is scaled to when every lookback agrees. */
  readonly targetVolatility: number;
  /** Largest notional a sleeve may carry, as a multiple of the sleeve's capital (1: never borrowed). */
  readonly maxExposure: number;
  /** Take shorts when the lookbacks point down; false: long or flat. */
  readonly allowShort: boolean;
  /** Hours between decisions, counted from 00:00 UTC: the strategy re-decides only at those bar closes. */
  readonly rebalanceHours: number;
  /** Holding horizon in hours: the length of the bars whose true range is the unit of stops and targets. */
  readonly horizonHours: number;
  /** Days over which the true ranges of horizon-long windows are averaged into the horizon ATR. */
  readonly atrDays: number;
}

export const DEFAULT_TREND: TrendParameters = {
  lookbackDays: [7, 30, 90],
  volatilityDays: 30,
  targetVolatility: 0.25,
  maxExposure: 1,
  allowShort: false,
  rebalanceHours: 24,
  horizonHours: 168,
  atrDays: 90,
};
