import type { EmulatorMarket } from '../markets.js';
import type { Side } from './privateOrder.js';

/**
 * Kraken spot margin's own fees: an opening fee on what a margin trade opens, and a rollover fee every
 * `intervalHours` a margin position stays open, both at the rate of the asset Kraken lends (the quote to a
 * long, the base coin to a short). Kraken Support, "What are the fees (opening and rollover) for trading
 * using margin?", https://support.kraken.com/articles/206161568.
 */
export interface MarginFees {
  readonly intervalHours: number;
  /** Fraction per opening and per rollover, by Kraken asset id of the asset lent; `default` for the others. */
  readonly rates: Readonly<Record<string, number>>;
}

/** The published schedule at the time of writing (as config/default.yaml venue.financing). */
export const KRAKEN_MARGIN_FEES: MarginFees = { intervalHours: 4, rates: { ZUSD: 0.00025, XXBT: 0.0001, XETH: 0.0002, SOL: 0.0002, default: 0.0002 } };

/** The rate a margin position on `market` of `side` pays: a long borrows the quote, a short the base. */
export function marginRate(fees: MarginFees, market: EmulatorMarket, side: Side): number {
  const lent = side === 'buy' ? market.quote : market.base;
  return fees.rates[lent] ?? fees.rates['default'] ?? 0;
}
