import { money } from '../backtest/report/format.js';
import type { Config } from '../config/schema.js';

/** Prices and amounts as the market quotes them: rounded to its precision, as people read them on the exchange. */
export interface MarketFormat {
  price(symbol: string, value: number): string;
  amount(symbol: string, value: number): string;
  /** Money in the quote currency (USD): to the cent, as a number for JSON lines. */
  cents(value: number): number;
  /** Money as people read it: 12,345.67. */
  money(value: number): string;
}

/** Fixed to `digits` decimals, then without the zeros that say nothing (an amount of 1.5, not 1.50000000). */
function trimmed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * The markets' precisions from the config (venue.markets: what the simulated venue rounds to, mirroring
 * Kraken's); a market not listed gets 6 significant digits for prices and 8 decimals for amounts.
 */
export function marketFormat(config: Pick<Config, 'venue'>): MarketFormat {
  const market = (symbol: string) => config.venue.markets[symbol];
  return {
    price: (symbol, value) => {
      const digits = market(symbol)?.pricePrecision;
      return digits === undefined ? String(Number(value.toPrecision(6))) : value.toFixed(digits);
    },
    amount: (symbol, value) => trimmed(value, market(symbol)?.amountPrecision ?? 8),
    cents: (value) => Math.round(value * 100) / 100,
    money: (value) => money(value),
  };
}
