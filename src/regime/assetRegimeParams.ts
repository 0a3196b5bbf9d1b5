import type { Timeframe } from '../domain/timeframe.js';
import { daysToBars } from './calendarBars.js';
import { assertInRange, assertWholeBars } from './paramChecks.js';
import type { AssetRegime } from './regime.js';

/**
 * Everything the per-asset rule reads. Chosen a priori from convention and arithmetic, never fitted to
 * market data; each default names its reason. Bar counts are for the timeframe the detector is fed.
 */
export interface AssetRegimeParams {
  /** ADX period. 14: Wilder's own. */
  readonly adxPeriod: number;
  /** ADX at or above which the market has a trend. 25: Wilder's and the common reading. */
  readonly trendAdx: number;
  /** ADX under which an established trend is over. 20: the conventional "no trend" line (Schmitt band 20..25). */
  readonly trendExitAdx: number;
  /** EMA whose slope is measured. 50 bars: the choice, a medium-term line on any timeframe. */
  readonly emaPeriod: number;
  /** The slope is the EMA's change over this many bars. 10: short against the EMA's own memory. */
  readonly slopeBars: number;
  /** ATR period for the slope's unit. 14: Wilder's. */
  readonly atrPeriod: number;
  /**
   * |slope| in ATRs at or above which the trend is real. 1.5: what a driftless random walk rarely does.
   * The gap price - EMA50 is AR(1) with coefficient 1 - 2/51, so its std is ~3.6 per-bar sigmas; the
   * EMA moves 2/51 of it per bar, ~1.35 sigmas in 10 bars, and an ATR is ~1.3-1.6 sigmas: the driftless
   * 10-bar slope has a std near 1 ATR, and 1.5 is past its 85th percentile (a seeded walk in the tests
   * passes ADX and slope together on ~1 bar in 9).
   */
  readonly trendSlope: number;
  /** |slope| under which an established trend is over. 1.0: the EMA no longer moves an ATR per 10 bars. */
  readonly trendExitSlope: number;
  /**
   * Returns in the realised-volatility std. 1 day: ~24 hourly returns, a std known to ~15%, and a whole
   * day, so the intraday pattern of volatility (quiet Asian night, busy US open) does not rank itself.
   */
  readonly volBars: number;
  /** Past stds the current one is ranked among. 30 days: the choice, a month of context. */
  readonly rankBars: number;
  /** Percentile at or above which the asset is volatile. 0.85: the choice, ~1 bar in 7 of a month. */
  readonly volatilePercentile: number;
  /**
   * Percentile under which an established volatile state may end. 0.70: a band as wide as the top
   * slice that defines the state, so the rank wandering around 0.85 does not toggle the label.
   */
  readonly volatileExitPercentile: number;
  /** Window of the rolling peak for the drawdown. 30 days: the same month the volatility is ranked in. */
  readonly peakBars: number;
  /** Bars over which the drawdown's deepening is measured. 1 day. */
  readonly velocityBars: number;
  /**
   * Deepening of the drawdown over `velocityBars` that is a crash whatever the volatility rank says.
   * 0.10: a 10% fall within a day is about three daily sigmas for BTC; it catches a crash in a month
   * that was already so wild that the rank alone does not.
   */
  readonly crashVelocity: number;
  /** Bars a new regime must hold before it is adopted. A quarter of a day: 6 on 1h bars. */
  readonly confirmBars: number;
  /** Faster entry into `volatile` (2 hourly bars): late risk reduction costs more than a false alarm. */
  readonly enterBars: Readonly<Partial<Record<AssetRegime, number>>>;
}

/** Defaults for `tf`: bar-based periods stay in bars, day-based windows are converted (with floors). */
export function assetRegimeParams(tf: Timeframe = '1h'): AssetRegimeParams {
  const volBars = daysToBars(1, tf, 20);
  return {
    adxPeriod: 14,
    trendAdx: 25,
    trendExitAdx: 20,
    emaPeriod: 50,
    slopeBars: 10,
    atrPeriod: 14,
    trendSlope: 1.5,
    trendExitSlope: 1,
    volBars,
    rankBars: daysToBars(30, tf, 100),
    volatilePercentile: 0.85,
    volatileExitPercentile: 0.7,
    peakBars: daysToBars(30, tf, 100),
    velocityBars: volBars,
    crashVelocity: 0.1,
    confirmBars: daysToBars(0.25, tf, 2),
    enterBars: { volatile: daysToBars(1 / 12, tf, 1) },
  };
}

/** The hourly defaults. */
export const DEFAULT_ASSET_REGIME: AssetRegimeParams = assetRegimeParams('1h');

export function resolveAssetRegimeParams(overrides: Partial<AssetRegimeParams> = {}): AssetRegimeParams {
  const p: AssetRegimeParams = { ...DEFAULT_ASSET_REGIME, ...overrides };
  const bars = ['adxPeriod', 'emaPeriod', 'slopeBars', 'atrPeriod', 'volBars', 'rankBars', 'peakBars', 'velocityBars', 'confirmBars'] as const;
  for (const k of bars) assertWholeBars(k, p[k]);
  assertInRange('trendAdx', p.trendAdx, 0, 100);
  assertInRange('trendExitAdx', p.trendExitAdx, 0, p.trendAdx);
  assertInRange('trendSlope', p.trendSlope, 0, Number.MAX_VALUE);
  assertInRange('trendExitSlope', p.trendExitSlope, 0, p.trendSlope);
  assertInRange('volatilePercentile', p.volatilePercentile, 0, 1);
  assertInRange('volatileExitPercentile', p.volatileExitPercentile, 0, p.volatilePercentile);
  assertInRange('crashVelocity', p.crashVelocity, 0, 1);
  return p;
}

/**
 * Index of the first bar with every reading defined: ADX at 2 * adxPeriod - 1; the slope once the EMA
 * (from emaPeriod - 1) has slopeBars values behind it and the ATR (from atrPeriod) is there; the rank
 * once rankBars stds (the first at volBars) precede the current one; the velocity once the drawdown
 * (from peakBars - 1) has velocityBars values behind it.
 */
export function assetRegimeWarmup(p: AssetRegimeParams): number {
  return Math.max(2 * p.adxPeriod - 1, p.emaPeriod - 1 + p.slopeBars, p.atrPeriod, p.volBars + p.rankBars, p.peakBars - 1 + p.velocityBars);
}
