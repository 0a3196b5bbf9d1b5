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
  /** Highest leverage the venue offers for this market (1 = no margin). */
  readonly maxLeverage: number;
}
