import type { MarketRegimeParams } from './marketRegimeParams.js';
import type { MarketRegime } from './regime.js';

/** What the market-wide rule looks at, for one bar of the lead asset. NaN where not yet defined. */
export interface MarketReadings {
  readonly close: number;
  /** The long EMA. */
  readonly ema: number;
  /** Relative change of the long EMA over slopeBars. */
  readonly slope: number;
  /** 1 - close / highest close of the last peakBars. */
  readonly drawdown: number;
}

type RuleParams = Pick<MarketRegimeParams, 'trendMaxDrawdown' | 'downDrawdown'>;

/**
 * The raw market rule, in order: down when the drawdown is bear-market deep, or the price is under a
 * falling long EMA; trend when the price is over a rising long EMA and the drawdown is shallower than a
 * correction; chop for everything between (over a falling EMA, under a rising one, or a correction
 * under way). Undefined while any reading is NaN.
 */
export function classifyMarket(r: MarketReadings, p: RuleParams): MarketRegime | undefined {
  // One NaN reading makes the sum NaN.
  if (Number.isNaN(r.close + r.ema + r.slope + r.drawdown)) return undefined;
  if (r.drawdown >= p.downDrawdown || (r.close < r.ema && r.slope < 0)) return 'down';
  if (r.close > r.ema && r.slope > 0 && r.drawdown < p.trendMaxDrawdown) return 'trend';
  return 'chop';
}
