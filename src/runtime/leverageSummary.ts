import type { Config } from '../config/schema.js';
import type { Symbol } from '../domain/bar.js';
import type { MarketInfo } from '../domain/market.js';
import { cappedLeverage } from '../risk/leverageForConfidence.js';

/** What caps the leverage of one asset, for the start-up summary. */
export interface AssetLeverage {
  /** The asset's range under `leverage` (scaled by confidence; its default without one). */
  readonly range: string;
  /** The venue's maximum: spot margin's, or the contract's at its first margin level. */
  readonly contract: number;
  /** risk.maxLeverage. */
  readonly cap: number;
  /** The highest an entry can carry: the lowest of the three (entries also stay below where the liquidation price would reach the stop). */
  readonly effective: number;
}

/** The highest leverage an order on `market` can carry: the asset range's max, the venue's, the global cap. */
export function effectiveMaxLeverage(config: Config, market: MarketInfo): { leverage: number; range: number; venue: number; cap: number } {
  const range = config.leverage[market.symbol]?.max ?? 1;
  const venue = market.maxLeverage;
  const cap = config.risk.maxLeverage;
  return { leverage: cappedLeverage(range, venue, cap), range, venue, cap };
}

/** Per traded asset: its range, the contract's maximum and the effective maximum. */
export function leverageSummary(config: Config, markets: ReadonlyMap<Symbol, MarketInfo>): Record<Symbol, AssetLeverage> {
  const out: Record<Symbol, AssetLeverage> = {};
  for (const symbol of config.assets) {
    const r = config.leverage[symbol];
    const market = markets.get(symbol);
    if (!r || !market) continue;
    const l = effectiveMaxLeverage(config, market);
    out[symbol] = { range: `${r.min}-${r.max}x (default ${r.default}x)`, contract: l.venue, cap: l.cap, effective: l.leverage };
  }
  return out;
}
