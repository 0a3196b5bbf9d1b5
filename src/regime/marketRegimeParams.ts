import type { Timeframe } from '../domain/timeframe.js';
import { daysToBars } from './calendarBars.js';
import { assertInRange, assertWholeBars } from './paramChecks.js';
import type { MarketRegime } from './regime.js';

/** The market-wide rule's knobs, chosen a priori (reasons beside each), in bars of the lead's timeframe. */
export interface MarketRegimeParams {
  /**
   * The long EMA. 50 days (1,200 hourly bars): the medium-term line traders watch; a 200-day line
   * calls a bear market months late, a few-day line flips in every correction.
   */
  readonly emaBars: number;
  /** Its slope is the change over this many bars. 5 days: long enough to ignore intraday noise. */
  readonly slopeBars: number;
  /** Window of the rolling peak for the drawdown. 90 days: a quarter, the span of a bull leg or a crash. */
  readonly peakBars: number;
  /** A trend allows at most this drawdown. 0.10: the conventional size of a correction. */
  readonly trendMaxDrawdown: number;
  /** A drawdown at least this deep is down whatever the EMA says. 0.20: the conventional bear market. */
  readonly downDrawdown: number;
  /** Bars a new regime must hold. 1 day: portfolio caps should not change more often than daily. */
  readonly confirmBars: number;
  /** Faster entry into `down` (6 hourly bars): cutting exposure late costs more than cutting it needlessly. */
  readonly enterBars: Readonly<Partial<Record<MarketRegime, number>>>;
}

export function marketRegimeParams(tf: Timeframe = '1h'): MarketRegimeParams {
  return {
    emaBars: daysToBars(50, tf, 50),
    slopeBars: daysToBars(5, tf, 5),
    peakBars: daysToBars(90, tf, 90),
    trendMaxDrawdown: 0.1,
    downDrawdown: 0.2,
    confirmBars: daysToBars(1, tf, 2),
    enterBars: { down: daysToBars(0.25, tf, 1) },
  };
}

/** The hourly defaults. */
export const DEFAULT_MARKET_REGIME: MarketRegimeParams = marketRegimeParams('1h');

export function resolveMarketRegimeParams(overrides: Partial<MarketRegimeParams> = {}): MarketRegimeParams {
  const p: MarketRegimeParams = { ...DEFAULT_MARKET_REGIME, ...overrides };
  for (const k of ['emaBars', 'slopeBars', 'peakBars', 'confirmBars'] as const) assertWholeBars(k, p[k]);
  assertInRange('trendMaxDrawdown', p.trendMaxDrawdown, 0, 1);
  assertInRange('downDrawdown', p.downDrawdown, 0, 1);
  return p;
}

/** Index of the first labelled bar: the EMA (from emaBars - 1) with slopeBars behind it, and a full peak window. */
export function marketRegimeWarmup(p: MarketRegimeParams): number {
  return Math.max(p.emaBars - 1 + p.slopeBars, p.peakBars - 1);
}
