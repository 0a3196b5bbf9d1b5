import type { MarketInfo } from '../domain/market.js';
import { UserError } from '../internal/errors.js';

const MAX_LISTED = 30;

/** Assets the exchange does not list: named, with the markets it does list (of the same quote, when many). */
export function unknownAssetError(missing: readonly string[], markets: readonly MarketInfo[], where: string): UserError {
  const quote = missing[0]?.split('/')[1];
  const same = markets.filter((m) => m.quote === quote).map((m) => m.symbol);
  const pool = markets.length <= MAX_LISTED || same.length === 0 ? markets.map((m) => m.symbol) : same;
  const shown = pool.slice(0, MAX_LISTED).join(', ') + (pool.length > MAX_LISTED ? `, ... (${pool.length - MAX_LISTED} more)` : '');
  return new UserError(`unknown asset ${missing.join(', ')} (${where}): Kraken has no such market. Known: ${shown}`, {
    hint: 'pass symbols as Kraken lists them through ccxt, e.g. --assets SOL/USD ETH/USD',
  });
}
