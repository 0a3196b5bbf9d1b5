import type { Symbol } from './bar.js';

export type OrderSide = 'buy' | 'sell';
export type PositionSide = 'long' | 'short';
export type OrderType = 'market' | 'limit';
export type Liquidity = 'maker' | 'taker';

/** What the engine asks a venue to do. Prices are absolute; distances are in price units. */
export interface OrderRequest {
  /** Unique, deterministic id chosen before the order is sent: a replay or a restart produces the same id. */
  readonly clientOrderId: string;
  readonly symbol: Symbol;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: number;
  /** Required for limit orders. */
  readonly limitPrice?: number;
  /**
   * A limit order that must only add liquidity (Kraken `oflags=post`): it rests at its price and fills only
   * when a later bar trades through it, always as maker; one that would cross the book is refused.
   */
  readonly postOnly?: boolean;
  readonly leverage: number;
  /** A reduce-only order closes (part of) the position and never opens one. */
  readonly reduceOnly: boolean;
  /** Protective stop for the position this order opens, as a distance from the fill price. */
  readonly stopDistance?: number;
  /** Take-profit for the position this order opens, as a distance from the fill price. */
  readonly takeProfitDistance?: number;
  /** ATR at the signal bar, kept on the position it opens: the unit of its trailing stop. */
  readonly atr?: number;
  /** Time (ms) the decision was made: the close of the bar that produced the signal. */
  readonly createdAt: number;
  /** Open time of the bar whose signal produced the order. It must never fill on that bar. */
  readonly signalBarTime: number;
  readonly reason: string;
}

declare const approved: unique symbol;
/**
 * An order request that passed every risk rule. Only the risk module can mint one, so an order
 * that was not approved cannot reach a venue: the venue port accepts nothing else.
 */
export type Approved<T> = T & { readonly [approved]: true };

export type OrderStatus = 'open' | 'filled' | 'cancelled' | 'rejected';

export interface OrderState {
  readonly request: OrderRequest;
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  readonly averagePrice?: number;
  readonly updatedAt: number;
  readonly rejectReason?: string;
  /** Id the venue gave the order (the exchange txid); the simulated venue uses the client id. */
  readonly venueOrderId?: string;
}
