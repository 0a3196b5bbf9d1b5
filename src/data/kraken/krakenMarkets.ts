import type { z } from 'zod';
import type { MarketInfo } from '../../domain/market.js';
import { malformedAnswer, withExchangeErrors } from '../exchangeErrors.js';
import type { KrakenClient } from './krakenClient.js';
import { zodProblem, type CcxtMarket } from './krakenSchemas.js';

/** Decimal places of a tick size (0.01 -> 2); ccxt gives Kraken's precisions as ticks. */
export function decimalsOf(tick: number): number {
  return Math.max(0, Math.ceil(-Math.log10(tick) - 1e-9));
}

/**
 * Kraken's markets as ccxt loads them, every one checked against `schema` (the public adapter's, or the
 * trading adapter's stricter one), sorted by symbol. A market that does not parse, or none at all, is a
 * malformed answer, not an empty list.
 */
export async function loadKrakenMarkets<T extends CcxtMarket>(client: KrakenClient, schema: z.ZodType<T>): Promise<T[]> {
  const what = 'loading markets';
  const loaded = await withExchangeErrors(what, () => client.loadMarkets());
  const out: T[] = [];
  for (const [key, raw] of Object.entries(loaded)) {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw malformedAnswer(what, `market ${key}: ${zodProblem(parsed.error)}`);
    out.push(parsed.data);
  }
  if (out.length === 0) throw malformedAnswer(what, 'no markets listed');
  return out.sort((a, b) => a.symbol.localeCompare(b.symbol));
}

/** The venue-neutral description of a parsed market; how its leverage levels count is the caller's. */
export function marketInfoOf(m: CcxtMarket, maxLeverage: number): MarketInfo {
  return {
    symbol: m.symbol,
    base: m.base,
    quote: m.quote,
    pricePrecision: decimalsOf(m.precision.price),
    amountPrecision: decimalsOf(m.precision.amount),
    minAmount: m.limits.amount?.min ?? 0,
    minCost: m.limits.cost?.min ?? 0,
    maxLeverage,
  };
}
