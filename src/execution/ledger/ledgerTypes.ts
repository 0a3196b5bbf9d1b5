import type { FinancingCharge } from '../../domain/financing.js';
import type { Fill, FillEffect } from '../../domain/fill.js';
import type { Liquidity, OrderRequest } from '../../domain/order.js';
import type { ClosedPosition } from '../../domain/ports.js';

/** One execution as a venue reports it, before the ledger books it: what traded, at what price and cost. */
export interface Execution {
  /** The fill's id: derived from the order on the simulated venue, the exchange's trade id live. */
  readonly fillId: string;
  readonly orderId: string;
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
  readonly liquidity: Liquidity;
  readonly time: number;
}

/** What an opening order asks of the position it opens or adds to. */
export type EntryOrder = Pick<OrderRequest, 'clientOrderId' | 'symbol' | 'side' | 'stopDistance' | 'takeProfitDistance' | 'atr'>;

/** The effects of fills that reduce or end a position. */
export type ClosingEffect = Exclude<FillEffect, 'open' | 'increase'>;

/** Where the ledger reports what it booked; each venue's step events extend it. */
export interface LedgerEvents {
  readonly fills: Fill[];
  readonly closed: ClosedPosition[];
  readonly charges: FinancingCharge[];
}
