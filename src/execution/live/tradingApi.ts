import type { Symbol } from '../../domain/bar.js';
import type { MarketInfo } from '../../domain/market.js';
import type { OrderSide } from '../../domain/order.js';

/** A market as the live venue trades it: the engine's limits plus what the exchange needs to hear. */
export interface TradingMarket extends MarketInfo {
  /** The exchange's own pair id (Kraken: "SOLUSD", "XETHZUSD"). */
  readonly pairId: string;
  /** Leverage levels the exchange accepts for a long (buy) and a short (sell); empty = no margin. */
  readonly leverageBuy: readonly number[];
  readonly leverageSell: readonly number[];
}

export type ExchangeOrderStatus = 'pending' | 'open' | 'closed' | 'canceled' | 'expired';
export type ExchangeOrderType = 'market' | 'limit' | 'stop-loss' | 'take-profit' | 'stop-loss-limit' | 'take-profit-limit' | 'other';

/** One order of the account, as the exchange reports it, validated. */
export interface ExchangeOrder {
  readonly txid: string;
  /** The cl_ord_id it was sent with, if any. */
  readonly clientId?: string;
  /** Unified symbol; undefined for a pair the bot does not know. */
  readonly symbol?: Symbol;
  readonly pair: string;
  readonly side: OrderSide;
  readonly type: ExchangeOrderType;
  readonly status: ExchangeOrderStatus;
  readonly volume: number;
  readonly filled: number;
  /** Average fill price; 0 before any fill. */
  readonly averagePrice: number;
  readonly fee: number;
  /** Trigger (stops) or limit price; 0 when none. */
  readonly price: number;
  readonly leverage?: number;
  readonly reduceOnly: boolean;
  readonly openTime: number;
  readonly closeTime?: number;
  readonly reason?: string;
  /** Ids of its fills, when the exchange listed them. */
  readonly tradeIds: readonly string[];
}

/** One fill of one of the account's orders, validated. */
export interface ExchangeTrade {
  readonly id: string;
  readonly orderTxid: string;
  readonly symbol?: Symbol;
  readonly pair: string;
  readonly side: OrderSide;
  readonly price: number;
  readonly volume: number;
  readonly cost: number;
  readonly fee: number;
  /** Margin posted (opening) or released (closing); 0 for spot. */
  readonly margin: number;
  readonly leverage?: number;
  /** The trade closes (part of) a margin position rather than opening one. */
  readonly closing: boolean;
  readonly maker: boolean;
  readonly time: number;
  /** The exchange's sequence number, for a stable order among trades of the same instant. */
  readonly sequence?: number;
  /**
   * The exchange closed the position itself (a perpetual's liquidation): no order of the bot's, and
   * `realizedPnl` is what the exchange booked (an isolated position never loses more than its margin).
   */
  readonly liquidation?: { readonly realizedPnl: number };
}

/** Balance of one asset: total, and the part held by open orders. */
export interface AssetBalance {
  readonly total: number;
  readonly hold: number;
  /**
   * The exchange's time the balance is as of, when its answer says (Kraken Futures' serverTime): fills and
   * ledger entries after it are not in it yet.
   */
  readonly asOf?: number;
}

/** One open margin position per symbol and side, volumes summed. */
export interface ExchangePosition {
  readonly symbol?: Symbol;
  readonly pair: string;
  readonly side: OrderSide;
  /** Open volume (volume opened minus volume closed). */
  readonly volume: number;
  readonly margin: number;
}

export interface AddOrderParams {
  readonly symbol: Symbol;
  readonly side: OrderSide;
  readonly type: 'market' | 'limit' | 'stop-loss';
  /** Exact text sent: already truncated to the lot decimals. */
  readonly volume: string;
  /** Limit price (limit) or trigger price (stop-loss), already on the tick. */
  readonly price?: string;
  /** A level the market offers; absent = spot. */
  readonly leverage?: number;
  readonly reduceOnly: boolean;
  /** A limit that may only add liquidity: refused by the exchange if it would take. */
  readonly postOnly?: boolean;
  /** Kraken's cl_ord_id (a UUID here). */
  readonly clientId: string;
}

/** One entry of the account's ledger (Kraken's Ledgers), validated: one change to one balance. */
export interface ExchangeLedgerEntry {
  readonly id: string;
  /** What it belongs to: a trade ('trade', 'margin'), a margin position ('rollover': its opening trade). */
  readonly refid: string;
  readonly time: number;
  /** Kraken's type: 'margin' (a margin trade: its fee, the opening fee on an opening trade), 'rollover', 'trade', ... */
  readonly type: string;
  /** Unified currency code ("USD", "SOL"). */
  readonly asset: string;
  /** Signed change, before the fee. */
  readonly amount: number;
  readonly fee: number;
  /** The market it belongs to, when the exchange names one (a perpetual's funding names its contract). */
  readonly symbol?: Symbol;
}

export interface AddOrderResult {
  readonly txid: string;
  /** The exchange's one-line description of what it booked. */
  readonly description: string;
}

/**
 * The private side of an exchange account, as the live venue needs it. Every method is one (or, for
 * paged histories, a few) private calls, serialised; each answer is validated, and an empty or malformed
 * answer is an error, never an empty result. Errors are BotErrors, mapped by the adapter (src/data/exchangeErrors.ts); errorPolicy in src/internal/errors.ts says what each one means.
 */
export interface TradingApi {
  readonly name: string;
  /** The ledger entry types that carry financing: Kraken spot's 'margin' and 'rollover', a perpetual's 'funding'. */
  readonly financingTypes: readonly string[];
  markets(): Promise<TradingMarket[]>;
  /** Never retried: a timed-out order may have been booked. */
  addOrder(params: AddOrderParams): Promise<AddOrderResult>;
  cancelOrder(txid: string): Promise<void>;
  openOrders(clientId?: string): Promise<ExchangeOrder[]>;
  /** Closed orders (newest first, up to `limit` pages of 50) closed after `sinceMs`, or with that cl_ord_id. */
  closedOrders(query: { readonly sinceMs?: number; readonly clientId?: string }): Promise<ExchangeOrder[]>;
  /** Orders by txid, all of them, in the order asked; an unknown txid is an error. */
  queryOrders(txids: readonly string[]): Promise<ExchangeOrder[]>;
  /** Every fill after `sinceMs`, oldest first. */
  tradesSince(sinceMs: number): Promise<ExchangeTrade[]>;
  /** Balances by unified currency code ("USD", "SOL"); an account with no balance at all is an error. */
  balances(): Promise<ReadonlyMap<string, AssetBalance>>;
  openPositions(): Promise<ExchangePosition[]>;
  /** The ledger entries of `types` after `sinceMs`, oldest first. */
  ledger(query: { readonly sinceMs: number; readonly types: readonly string[] }): Promise<ExchangeLedgerEntry[]>;
}
