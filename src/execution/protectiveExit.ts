import type { Bar } from '../domain/bar.js';
import type { Position } from '../domain/position.js';
import { isBeyondLiquidation } from './liquidationPrice.js';
import { slippedPrice, tradesThrough } from './orderMatch.js';
import { roundPrice } from './priceRounding.js';

export interface ProtectiveExit {
  readonly effect: 'stop' | 'take_profit' | 'liquidation';
  readonly price: number;
}

/**
 * Which protective level closes `p` during `bar`, if any. A bar's path is unknown, so the adverse side is
 * assumed first: going from `start` (the open, or the entry for a position opened within this bar) towards
 * the bar's worst price, the first of stop and liquidation reached wins; a take-profit only counts if
 * neither was, and only when the bar trades through it (a touch does not fill a resting limit). A gap
 * through the stop fills at `start`, with slippage; a stop fill that would land beyond the liquidation
 * price is a liquidation, because the exchange would have taken the position first.
 */
export function protectiveExit(p: Position, bar: Bar, start: number, slippageBps: number, pricePrecision: number): ProtectiveExit | undefined {
  const long = p.side === 'long';
  const liquidation: ProtectiveExit = { effect: 'liquidation', price: p.liquidationPrice };
  if (isBeyondLiquidation(p.side, start, p.liquidationPrice)) return liquidation;

  const stop = p.stopPrice;
  if (stop !== undefined && !isBeyondLiquidation(p.side, stop, p.liquidationPrice) && (long ? bar.low <= stop : bar.high >= stop)) {
    const from = long ? Math.min(start, stop) : Math.max(start, stop);
    const price = slippedPrice(from, long ? 'sell' : 'buy', slippageBps, pricePrecision);
    return isBeyondLiquidation(p.side, price, p.liquidationPrice) ? liquidation : { effect: 'stop', price };
  }
  if (long ? bar.low <= p.liquidationPrice : bar.high >= p.liquidationPrice) return liquidation;

  const tp = p.takeProfitPrice;
  if (tp !== undefined && tradesThrough(long ? 'sell' : 'buy', tp, bar)) {
    return { effect: 'take_profit', price: roundPrice(long ? Math.max(start, tp) : Math.min(start, tp), pricePrecision) };
  }
  return undefined;
}
