import type { MarketInfo } from '../../domain/market.js';
import type { Position } from '../../domain/position.js';
import { isOnMargin } from '../ledger/index.js';

/**
 * Whether a position is coins held in the account (a leverage-1 long on spot: bought with cash, sold as a
 * plain sell, reconciled against the coin's balance) rather than a position the exchange margins apart
 * (a spot margin position, or any position in a perpetual, whatever its leverage: contracts, not coins).
 */
export function isCoinHolding(p: Pick<Position, 'side' | 'leverage'>, market: Pick<MarketInfo, 'perpetual'> | undefined): boolean {
  return market?.perpetual === undefined && !isOnMargin(p);
}
