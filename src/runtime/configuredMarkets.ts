import type { Symbol } from '../domain/bar.js';
import type { MarketInfo } from '../domain/market.js';
import type { Config } from '../config/schema.js';
import { perpetualSymbol } from '../domain/perpetualSymbol.js';

/**
 * The simulated venue's markets from config, for when the exchange was not asked (replays, backtests): Kraken
 * spot's limits, or the perpetual contracts of venue.futures with their margin schedules.
 */
export function configuredMarkets(config: Config): Map<Symbol, MarketInfo> {
  return config.venue.kind === 'kraken-futures' ? configuredPerpetuals(config) : configuredSpotMarkets(config);
}

function configuredSpotMarkets(config: Config): Map<Symbol, MarketInfo> {
  const out = new Map<Symbol, MarketInfo>();
  for (const [symbol, m] of Object.entries(config.venue.markets)) {
    const [base = symbol, quote = 'USD'] = symbol.split('/');
    out.set(symbol, { symbol, base, quote, ...m });
  }
  return out;
}

function configuredPerpetuals(config: Config): Map<Symbol, MarketInfo> {
  const out = new Map<Symbol, MarketInfo>();
  for (const [symbol, m] of Object.entries(config.venue.futures.markets)) {
    const [base = symbol, quote = 'USD'] = symbol.split('/');
    const first = m.marginLevels[0];
    out.set(symbol, {
      symbol,
      base,
      quote,
      pricePrecision: m.pricePrecision,
      amountPrecision: m.amountPrecision,
      minAmount: m.minAmount,
      minCost: 0,
      maxLeverage: first ? 1 / first.initialMargin : 1,
      perpetual: { id: m.id, unifiedSymbol: perpetualSymbol(symbol), contractSize: m.contractSize, marginLevels: m.marginLevels },
    });
  }
  return out;
}
