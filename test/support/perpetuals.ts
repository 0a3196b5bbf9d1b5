import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { MarketInfo } from '../../src/domain/market.js';
import { configuredMarkets } from '../../src/runtime/configuredMarkets.js';

/** The shipped config on the futures venue (--venue kraken-futures), with `more` overrides. */
export function futuresConfig(more: { path: string[]; value: unknown }[] = []): Config {
  return loadConfig(undefined, [{ path: ['venue', 'kind'], value: 'kraken-futures', flag: '--venue' }, ...more.map((o) => ({ ...o, flag: 'test' }))]).config;
}

/** A perpetual as the shipped config describes it (Kraken's figures, venue.futures.markets). */
export function shippedPerpetual(symbol: string): MarketInfo {
  const m = configuredMarkets(futuresConfig()).get(symbol);
  if (!m) throw new Error(`no shipped perpetual for ${symbol}`);
  return m;
}
