import type { Symbol } from './bar.js';
import type { PositionSide } from './order.js';

/** An open position with isolated margin. */
export interface Position {
  /** The client order id of the order that opened it. */
  readonly id: string;
  readonly symbol: Symbol;
  readonly side: PositionSide;
  readonly quantity: number;
  readonly entryPrice: number;
  readonly entryTime: number;
  readonly leverage: number;
  /** Cash locked as isolated margin: entry notional / leverage. */
  readonly margin: number;
  readonly liquidationPrice: number;
  readonly stopPrice?: number;
  readonly takeProfitPrice?: number;
  /** ATR at entry: the unit of the stop, trailing and take-profit distances. */
  readonly atr: number;
  /** Best price reached since entry (highest high for a long, lowest low for a short). */
  readonly peakPrice: number;
  readonly trailing: boolean;
}

export function positionSign(side: PositionSide): 1 | -1 {
  return side === 'long' ? 1 : -1;
}

export function unrealizedPnl(p: Position, markPrice: number): number {
  return positionSign(p.side) * (markPrice - p.entryPrice) * p.quantity;
}

/** What the position is worth to the account at `markPrice`: its margin plus unrealised P&L. */
export function markedValue(p: Position, markPrice: number): number {
  return p.margin + unrealizedPnl(p, markPrice);
}
