import type { AssetRegimeParams } from './assetRegimeParams.js';
import type { AssetRegime } from './regime.js';

/** What the per-asset rule looks at, for one bar. NaN where not yet defined. */
export interface AssetReadings {
  /** ADX, 0..100. */
  readonly adx: number;
  /** EMA change over slopeBars, in ATRs (signed). */
  readonly slope: number;
  /** Realised volatility of the last volBars log returns. */
  readonly volatility: number;
  /** Its rank among the previous rankBars values, 0..1. */
  readonly volPercentile: number;
  /** 1 - close / highest close of the last peakBars. */
  readonly drawdown: number;
  /** Drawdown now minus drawdown velocityBars ago: how fast it is falling. */
  readonly drawdownVelocity: number;
}

type RuleParams = Pick<
  AssetRegimeParams,
  'trendAdx' | 'trendExitAdx' | 'trendSlope' | 'trendExitSlope' | 'volatilePercentile' | 'volatileExitPercentile' | 'crashVelocity'
>;

/**
 * The per-asset rule, in order: volatile when the volatility ranks in the top of its month or the
 * price is falling at crash speed (risk first: a trend in a storm is still a storm); trending when ADX
 * says directional movement dominates and the EMA is moving in ATR terms (ADX alone stays high after a
 * trend has turned, slope alone is high in a violent swing); ranging otherwise. Undefined while any
 * reading is NaN.
 *
 * Without `current` it is the raw threshold rule. Given the confirmed state, the state's own test uses
 * the wider exit thresholds (enter volatile at 0.85, stay while >= 0.70; enter trending at ADX 25 and
 * 1.5 ATR, stay while ADX >= 20 and 1.0 ATR): a Schmitt trigger against readings that hover at a line.
 */
export function classifyAsset(r: AssetReadings, p: RuleParams, current?: AssetRegime): AssetRegime | undefined {
  // One NaN reading makes the sum NaN.
  if (Number.isNaN(r.adx + r.slope + r.volPercentile + r.drawdownVelocity)) return undefined;
  const volLine = current === 'volatile' ? p.volatileExitPercentile : p.volatilePercentile;
  if (r.volPercentile >= volLine || r.drawdownVelocity >= p.crashVelocity) return 'volatile';
  const holding = current === 'trending';
  const adxLine = holding ? p.trendExitAdx : p.trendAdx;
  const slopeLine = holding ? p.trendExitSlope : p.trendSlope;
  if (r.adx >= adxLine && Math.abs(r.slope) >= slopeLine) return 'trending';
  return 'ranging';
}
