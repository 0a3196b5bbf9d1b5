import { calendar, tier } from './calendar.js';
import type { FeatureKind } from './kind.js';
import { candlePatterns, supportResistance } from './priceAction.js';
import { cci, roc, rsi, stochastic } from './oscillators.js';
import { logReturn, simpleReturn } from './returns.js';
import { adx, emaCross, emaZScore, macd } from './trend.js';
import { atr, bollinger, drawdown, realizedVol } from './volatility.js';
import { volumeChange, volumeRatio } from './volume.js';

const KINDS: readonly FeatureKind[] = [
  simpleReturn,
  logReturn,
  emaZScore,
  emaCross,
  macd,
  adx,
  rsi,
  stochastic,
  cci,
  roc,
  realizedVol,
  atr,
  bollinger,
  drawdown,
  volumeChange,
  volumeRatio,
  candlePatterns,
  supportResistance,
  calendar,
  tier,
];

/** Every kind of feature by name. */
export const FEATURE_KINDS: ReadonlyMap<string, FeatureKind> = new Map(KINDS.map((k) => [k.kind, k]));

export function featureKind(name: string): FeatureKind | undefined {
  return FEATURE_KINDS.get(name);
}
