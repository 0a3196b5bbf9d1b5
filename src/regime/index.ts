/**
 * Market regimes, causal and debounced.
 *
 * - AssetRegimeDetector (per asset): trending / ranging / volatile from ADX, the EMA50 slope in ATRs,
 *   the rank of the 1-day realised volatility within the previous 30 days, and how fast the price is
 *   falling from its 30-day peak. Weights the model ensemble.
 * - MarketRegimeDetector (fed the lead, BTC): trend / chop / down from the close against a 50-day EMA,
 *   that EMA's 5-day slope, and the drawdown from the 90-day peak. Sets the portfolio caps.
 * - Both are `RegimeDetector`s: update(bar) -> confirmed label or undefined in warm-up; `raw` is the
 *   label before hysteresis; `readings` the numbers behind it; `warmup` the index of the first labelled
 *   bar, so the daemon rebuilds a detector by feeding it at least warmup + 1 bars of history.
 * - Hysteresis: a new label replaces the state only after holding for confirmBars consecutive bars
 *   (enterBars makes the defensive states quicker to enter than to leave). The asset rule also has
 *   exit bands: an established volatile or trending state is judged against wider exit lines.
 * - Bars are counted, not hours: a missing exchange hour shortens a window by one bar.
 * - regimesOf / regimeTrace: the same streaming loop over a history, aligned with its bars.
 * - assetRegimeParams(tf) / marketRegimeParams(tf): the a priori defaults for a timeframe (the
 *   DEFAULT_* constants are the hourly ones); classifyAsset / classifyMarket: the raw rules alone.
 */
export { ASSET_REGIMES, MARKET_REGIMES, type AssetRegime, type MarketRegime, type RegimeDetector } from './regime.js';
export { Hysteresis, type HysteresisOptions } from './hysteresis.js';
export {
  DEFAULT_ASSET_REGIME,
  assetRegimeParams,
  assetRegimeWarmup,
  resolveAssetRegimeParams,
  type AssetRegimeParams,
} from './assetRegimeParams.js';
export { classifyAsset, type AssetReadings } from './classifyAsset.js';
export { AssetRegimeDetector } from './assetRegimeDetector.js';
export {
  DEFAULT_MARKET_REGIME,
  marketRegimeParams,
  marketRegimeWarmup,
  resolveMarketRegimeParams,
  type MarketRegimeParams,
} from './marketRegimeParams.js';
export { classifyMarket, type MarketReadings } from './classifyMarket.js';
export { MarketRegimeDetector } from './marketRegimeDetector.js';
export { regimeTrace, regimesOf, type RegimeTrace } from './regimesOf.js';
export { TrailingPercentile } from './trailingPercentile.js';
