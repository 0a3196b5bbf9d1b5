import type { Bar } from '../domain/bar.js';
import type { Position } from '../domain/position.js';
import type { Protection } from '../domain/ports.js';
import type { RiskSettings } from './types.js';

/**
 * After a bar closes: track the best price, start trailing once price moved trailActivationAtr x ATR in
 * favour, then keep the stop trailDistanceAtr x ATR behind the best price. A stop only ever tightens.
 * The new level applies from the next bar on: this bar has already been matched. Without an activation
 * distance there is no trailing: the stop stays where the entry put it.
 */
export function trailStop(p: Position, bar: Bar, s: Pick<RiskSettings, 'trailActivationAtr' | 'trailDistanceAtr'>): Protection | undefined {
  const activation = s.trailActivationAtr;
  if (activation === undefined) return undefined;
  const long = p.side === 'long';
  const peakPrice = long ? Math.max(p.peakPrice, bar.high) : Math.min(p.peakPrice, bar.low);
  const excursion = long ? peakPrice - p.entryPrice : p.entryPrice - peakPrice;
  const trailing = p.trailing || excursion >= activation * p.atr;
  let stopPrice = p.stopPrice;
  if (trailing) {
    const candidate = long ? peakPrice - s.trailDistanceAtr * p.atr : peakPrice + s.trailDistanceAtr * p.atr;
    if (stopPrice === undefined || (long ? candidate > stopPrice : candidate < stopPrice)) stopPrice = candidate;
  }
  if (peakPrice === p.peakPrice && trailing === p.trailing && stopPrice === p.stopPrice) return undefined;
  return {
    trailing,
    peakPrice,
    ...(stopPrice !== undefined && { stopPrice }),
    ...(p.takeProfitPrice !== undefined && { takeProfitPrice: p.takeProfitPrice }),
  };
}
