import type { Symbol } from './bar.js';

/** What the venue allows for one market (from ccxt's markets, or the simulated venue's config). */
export interface MarketInfo {
  readonly symbol: Symbol;
  readonly base: string;
  readonly quote: string;
  /** Decimal places of price and amount. */
  readonly pricePrecision: number;
  readonly amountPrecision: number;
  readonly minAmount: number;
  readonly minCost: number;
  /** Highest leverage the venue offers for this market (1 = no margin); a perpetual's at its first margin level. */
  readonly maxLeverage: number;
  /** Present when the market is a perpetual futures contract (Kraken Futures' PF_ markets). */
  readonly perpetual?: PerpetualContract;
}

/** One level of a perpetual's margin schedule: the bigger a position, the more margin it needs. */
export interface MarginLevel {
  /** Position value (quote currency, at the entry price) from which the level applies, up to the next one's. */
  readonly fromNotional: number;
  /** Margin to open, a fraction of the position value: 1 / the level's maximum leverage. */
  readonly initialMargin: number;
  /** Margin below which the position is liquidated, a fraction of the position value at the mark price. */
  readonly maintenanceMargin: number;
}

/** What a perpetual futures contract adds to a market: its exchange symbol, size and margin schedule. */
export interface PerpetualContract {
  /** The exchange's own symbol, e.g. PF_XBTUSD. */
  readonly id: string;
  /** ccxt's unified symbol, e.g. BTC/USD:USD. */
  readonly unifiedSymbol: string;
  /** Base units per contract (1 on Kraken's linear perpetuals: a contract is one coin). */
  readonly contractSize: number;
  /** Levels by increasing fromNotional, the first from 0. */
  readonly marginLevels: readonly MarginLevel[];
}
