import type { MarketInfo } from '../domain/market.js';
import type { Db } from './database.js';

/**
 * The markets table: each market as the exchange described it when last loaded (precision, minimums,
 * maximum leverage, a perpetual's contract and margin levels), per exchange (kraken, krakenfutures).
 */
export function saveMarkets(db: Db, exchange: string, markets: readonly MarketInfo[], at: number): void {
  const upsert = db.prepare(
    `INSERT INTO markets (exchange, symbol, info, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (exchange, symbol) DO UPDATE SET info = excluded.info, updated_at = excluded.updated_at`,
  );
  db.transaction(() => {
    for (const m of markets) upsert.run(exchange, m.symbol, JSON.stringify(m), at);
  }).immediate();
}
