import type { Symbol } from './bar.js';

/**
 * ccxt's unified symbol of `symbol`'s USD-settled perpetual: BTC/USD -> BTC/USD:USD (Kraken's PF_XBTUSD).
 * The store keeps a perpetual's candles and funding under it, so that they are a series of their own,
 * never spliced with the spot market's.
 */
export function perpetualSymbol(symbol: Symbol): string {
  const quote = symbol.split('/')[1] ?? 'USD';
  return `${symbol}:${quote}`;
}

/** The bot's symbol of a unified perpetual symbol (BTC/USD:USD -> BTC/USD), or undefined for another form. */
export function spotSymbolOf(unified: string): Symbol | undefined {
  const m = /^([A-Z0-9]+\/[A-Z0-9]+):([A-Z0-9]+)$/.exec(unified);
  return m?.[1]?.endsWith(`/${m[2]}`) ? m[1] : undefined;
}
