import { positionSign, type Position } from '../../domain/position.js';

export interface Reduction {
  readonly quantity: number;
  /** Margin released: the closed share of the position's margin, all of it on a full close. */
  readonly margin: number;
  readonly realizedPnl: number;
  /** What stays open; undefined when the position is closed. */
  readonly rest?: Position;
}

/** Closing `quantity` of `p` at `price`: realised P&L on the closed part, margin released pro rata. */
export function reduction(p: Position, quantity: number, price: number, amountPrecision: number): Reduction {
  const closed = Math.min(quantity, p.quantity);
  const remaining = Number((p.quantity - closed).toFixed(amountPrecision));
  const full = remaining <= 0;
  const margin = full ? p.margin : (p.margin * closed) / p.quantity;
  const realizedPnl = positionSign(p.side) * (price - p.entryPrice) * closed;
  return { quantity: closed, margin, realizedPnl, ...(!full && { rest: { ...p, quantity: remaining, margin: p.margin - margin } }) };
}
