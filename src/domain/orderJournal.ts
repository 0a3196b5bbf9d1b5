import type { OrderRequest, OrderState, OrderStatus } from './order.js';
import type { Position } from './position.js';

/**
 * Where an order stands before the exchange has confirmed it. 'submitting': the intent is on disk and the
 * request is (about to be) on its way; 'unknown': the request went out, the answer was lost and the order
 * could not be looked up yet. Both are resolved by looking the order up by its client id, never by
 * sending it again.
 */
export type JournalStatus = 'submitting' | 'unknown';

export interface JournaledOrder {
  readonly request: OrderRequest;
  /** The cl_ord_id the exchange knows the order by. */
  readonly exchangeClientId: string;
  readonly status: JournalStatus | OrderStatus;
  /** The exchange's id (txid), once known. */
  readonly venueOrderId?: string;
  readonly updatedAt: number;
  readonly note?: string;
}

/**
 * The live venue's durable record of what it is about to send. Each write is committed on its own,
 * outside the engine's per-step transaction: the intent must be on disk before the request leaves,
 * whatever happens to the step afterwards.
 */
export interface OrderJournal {
  /** Record the order as 'submitting', committed, before it is sent. */
  intend(request: OrderRequest, exchangeClientId: string, time: number): void;
  /** Record what the exchange said: accepted (open, with its txid), rejected, filled, cancelled. */
  settle(state: OrderState): void;
  /** The answer was lost and the lookup failed: the order may or may not exist. */
  markUnknown(clientOrderId: string, note: string, time: number): void;
  /** Orders whose fate is not confirmed: 'submitting', 'unknown', and 'open' ones without a txid. */
  unresolved(): JournaledOrder[];
  /**
   * The order the epoch already holds under this id, if any (as the engine sees it: an unresolved one is
   * open). A restarted engine that decides the same bar again produces the same id: it gets this back,
   * never a second order.
   */
  find(clientOrderId: string): OrderState | undefined;
  /**
   * The epoch's order sent under this cl_ord_id, whatever its status (one written off as never booked
   * included): an exchange trade carrying the id is the bot's, however the journal last saw it.
   */
  findByExchangeClientId(exchangeClientId: string): OrderState | undefined;
}

/** What the store says the live account is. */
export interface StoreSide {
  readonly cash: number;
  readonly positions: readonly Position[];
  /** Orders the store holds as open (exchange stop orders included). */
  readonly openOrders: readonly OrderState[];
  /** Journaled orders whose fate is not confirmed ('submitting', 'unknown', open without a txid). */
  readonly journal: readonly JournaledOrder[];
  /** Any order of the epoch by the cl_ord_id it was sent with, whatever its status. */
  readonly journaled: (exchangeClientId: string) => OrderState | undefined;
  /** Exchange trade ids already booked as fills. */
  readonly fillIds: ReadonlySet<string>;
  /** Fills are read from this time on: the last booked fill, or the epoch's start. */
  readonly tradesFrom: number;
}
