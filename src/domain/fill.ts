import type { Symbol } from './bar.js';
import type { Liquidity, OrderSide } from './order.js';

/** 'increase' adds to an open position on its own side; the other closing effects reduce or end it. */
export type FillEffect = 'open' | 'increase' | 'close' | 'stop' | 'take_profit' | 'liquidation';

/**
 * One execution. `cashDelta` is the exact change it made to cash, and it is derivable from the other
 * fields: opening fills lock margin and pay the fee (−margin − fee); closing fills release margin and
 * realise P&L (+margin + realizedPnl − fee). Summing cashDelta over an epoch's fills gives cash − capital.
 */
export interface Fill {
  /** Unique per fill; the simulated venue derives it from the order id, so a replay cannot double it. */
  readonly id: string;
  readonly clientOrderId: string;
  readonly positionId: string;
  readonly symbol: Symbol;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
  readonly liquidity: Liquidity;
  readonly time: number;
  readonly effect: FillEffect;
  readonly leverage: number;
  readonly margin: number;
  readonly realizedPnl: number;
  readonly cashDelta: number;
}

export function isOpening(effect: FillEffect): boolean {
  return effect === 'open' || effect === 'increase';
}

/** The cash change a fill implies, from its other fields (used to check the books, not to keep them). */
export function impliedCashDelta(f: Pick<Fill, 'effect' | 'margin' | 'realizedPnl' | 'fee'>): number {
  return isOpening(f.effect) ? -f.margin - f.fee : f.margin + f.realizedPnl - f.fee;
}
