import type { Bar, Symbol } from './bar.js';
import type { FinancingCharge } from './financing.js';
import type { Fill, FillEffect } from './fill.js';
import type { MarketInfo } from './market.js';
import type { Approved, OrderRequest, OrderState } from './order.js';
import type { Position } from './position.js';

/** Time, for everything that needs it. Backtests pass a simulated clock; the daemon the wall clock. */
export interface Clock {
  now(): number;
  /** Resolves after `ms` (at once on a simulated clock) or when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Bars that closed since the last poll, per symbol, oldest first. */
export interface FeedUpdate {
  /** Feed time after this update: the latest bar close seen. */
  readonly time: number;
  readonly bars: ReadonlyMap<Symbol, readonly Bar[]>;
}

export interface MarketFeed {
  readonly kind: 'exchange' | 'replay';
  /** Up to `count` closed bars of `symbol` opening before `beforeTime`, oldest first: the warm-up history. */
  history(symbol: Symbol, count: number, beforeTime: number): Promise<Bar[]>;
  /** Bars closed since the previous poll; 'end' when a replay has nothing more to play. A replay answers at once. */
  poll(): FeedUpdate | 'end' | Promise<FeedUpdate | 'end'>;
}

export interface AccountSnapshot {
  readonly cash: number;
  readonly positions: readonly Position[];
  readonly openOrders: readonly OrderState[];
}

/** A position the venue closed, as it was when it closed. */
export interface ClosedPosition {
  readonly position: Position;
  readonly exitPrice: number;
  readonly exitTime: number;
  /** The effect of the fill that closed it: close, stop, take_profit or liquidation. */
  readonly exitReason: FillEffect;
  /** Realised P&L of the whole position, summed over its closing fills (before fees). */
  readonly realizedPnl: number;
}

/** What one step of a venue produced. */
export interface VenueEvents {
  readonly fills: readonly Fill[];
  /** Orders whose state changed (filled, cancelled, rejected). */
  readonly orders: readonly OrderState[];
  /** Positions that closed in this step (fully; a partial close leaves the position open). */
  readonly closedPositions: readonly ClosedPosition[];
  /** Financing the open positions paid (or received) in this step: margin opening and rollover fees, funding. */
  readonly charges: readonly FinancingCharge[];
}

/** Protective levels of an open position, as the engine wants them. */
export interface Protection {
  readonly stopPrice?: number;
  readonly takeProfitPrice?: number;
  readonly trailing: boolean;
  readonly peakPrice: number;
}

/**
 * Where orders go. The simulated venue (paper and backtest) and the exchange venue (live) implement it;
 * the engine cannot tell them apart. Only approved requests are accepted.
 */
export interface Venue {
  readonly kind: 'simulated' | 'exchange';
  account(): AccountSnapshot;
  market(symbol: Symbol): MarketInfo;
  submit(order: Approved<OrderRequest>): Promise<OrderState>;
  cancel(clientOrderId: string, time: number): Promise<OrderState | undefined>;
  /** Move a position's protective levels; the simulated venue does it at once (a trailing stop moves on most bars). */
  protect(positionId: string, protection: Protection, time: number): void | Promise<void>;
  /**
   * One more closed bar of `symbol`: match resting orders, stops and liquidations against it. A venue that
   * needs no I/O for it (the simulated one) answers at once: a backtest steps every bar of every asset.
   */
  onBar(symbol: Symbol, bar: Bar): VenueEvents | Promise<VenueEvents>;
}
