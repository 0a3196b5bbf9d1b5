import { positionSign, type Position } from '../../domain/position.js';
import type { LiquidationRule } from '../liquidationPrice.js';
import type { EntryOrder, Execution } from './ledgerTypes.js';

export function positionSideOf(order: Pick<EntryOrder, 'side'>): Position['side'] {
  return order.side === 'buy' ? 'long' : 'short';
}

/** The position an opening fill creates: its id is the order's, its stop and target are the order's distances from the fill. */
export function openedPosition(order: EntryOrder, x: Execution, leverage: number, margin: number, liquidation: LiquidationRule): Position {
  const side = positionSideOf(order);
  const sign = positionSign(side);
  return {
    id: order.clientOrderId,
    symbol: order.symbol,
    side,
    quantity: x.quantity,
    entryPrice: x.price,
    entryTime: x.time,
    leverage,
    margin,
    liquidationPrice: liquidation(side, x.price, leverage, { symbol: order.symbol, quantity: x.quantity }),
    ...(order.stopDistance !== undefined && { stopPrice: x.price - sign * order.stopDistance }),
    ...(order.takeProfitDistance !== undefined && { takeProfitPrice: x.price + sign * order.takeProfitDistance }),
    atr: order.atr ?? order.stopDistance ?? 0,
    peakPrice: x.price,
    trailing: false,
  };
}
