import { positionSign, type Position } from '../../domain/position.js';
import type { LiquidationRule } from '../liquidationPrice.js';
import type { EntryOrder, Execution } from './ledgerTypes.js';

/**
 * `p` after a fill on its own side: quantity added, entry at the quantity-weighted average, margin added.
 * Leverage becomes the position's effective one (notional / margin), kept exactly when the fill's equals
 * the position's, so that a level the exchange lists stays that level; the liquidation price follows the
 * new entry and leverage. The stop moves to the order's distance from the new entry only where that is
 * tighter (a stop never loosens); the target is re-based when the order carries one; the trailing state stays.
 */
export function increasedPosition(
  p: Position,
  order: EntryOrder,
  x: Execution,
  leverage: number,
  margin: number,
  liquidation: LiquidationRule,
  amountPrecision: number,
): Position {
  const sign = positionSign(p.side);
  const quantity = Number((p.quantity + x.quantity).toFixed(amountPrecision));
  const entryPrice = (p.entryPrice * p.quantity + x.price * x.quantity) / (p.quantity + x.quantity);
  const totalMargin = p.margin + margin;
  const effective = leverage === p.leverage ? leverage : (quantity * entryPrice) / totalMargin;
  const wanted = order.stopDistance === undefined ? undefined : entryPrice - sign * order.stopDistance;
  const stopPrice = tighterStop(p.side, p.stopPrice, wanted);
  const takeProfitPrice = order.takeProfitDistance === undefined ? p.takeProfitPrice : entryPrice + sign * order.takeProfitDistance;
  const { stopPrice: _s, takeProfitPrice: _t, ...rest } = p;
  return {
    ...rest,
    quantity,
    entryPrice,
    leverage: effective,
    margin: totalMargin,
    liquidationPrice: liquidation(p.side, entryPrice, effective, { symbol: p.symbol, quantity }),
    ...(stopPrice !== undefined && { stopPrice }),
    ...(takeProfitPrice !== undefined && { takeProfitPrice }),
    atr: order.atr ?? p.atr,
    peakPrice: p.side === 'long' ? Math.max(p.peakPrice, x.price) : Math.min(p.peakPrice, x.price),
  };
}

/** Of two stops, the one closer to the market: the higher for a long, the lower for a short. */
function tighterStop(side: Position['side'], a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return side === 'long' ? Math.max(a, b) : Math.min(a, b);
}
