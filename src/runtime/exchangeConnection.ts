import type { Symbol } from '../domain/bar.js';
import type { MarketInfo } from '../domain/market.js';
import type { Clock } from '../domain/ports.js';
import type { Config } from '../config/schema.js';
import { ExchangeFeed } from '../data/exchangeFeed.js';
import { RetryableError } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';
import type { Store } from '../store/store.js';
import type { ExchangeConnection } from './tradingRuntime.js';

/**
 * Connect to the exchange's public market data and read its markets. ccxt is loaded here, and only
 * here, so commands that never talk to an exchange do not pay for it. Fails fast when the exchange
 * cannot be reached: the daemon must not start half-blind.
 */
export async function connectExchange(config: Config, store: Store, logger: Logger): Promise<ExchangeConnection> {
  const { createKrakenClient, KrakenMarketData } = await import('../data/kraken/index.js');
  const client = createKrakenClient({ apiUrl: config.exchange.apiUrl, timeoutMs: config.exchange.timeoutMs });
  const data = new KrakenMarketData(client);
  let list: MarketInfo[];
  try {
    list = await data.markets();
  } catch (err) {
    if (err instanceof RetryableError) {
      throw new RetryableError(`cannot reach ${config.exchange.id} for market data: ${err.message}`, {
        hint: 'check the network connection, or trade on stored candles with --feed replay',
        cause: err,
      });
    }
    throw err;
  }
  const markets = new Map<Symbol, MarketInfo>(list.map((m) => [m.symbol, m]));
  const upsert = store.db.prepare(
    `INSERT INTO markets (exchange, symbol, info, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (exchange, symbol) DO UPDATE SET info = excluded.info, updated_at = excluded.updated_at`,
  );
  store.transaction(() => {
    for (const symbol of [...config.assets, ...(config.marketLead ? [config.marketLead] : [])]) {
      const m = markets.get(symbol);
      if (m) upsert.run(config.exchange.id, symbol, JSON.stringify(m), Date.now());
    }
  });
  logger.info('connected', { exchange: config.exchange.id, markets: markets.size, apiUrl: config.exchange.apiUrl ?? 'default' });
  return {
    name: config.exchange.id,
    markets,
    feed: (symbols, after, clock: Clock) => new ExchangeFeed(data, store.candles, symbols, config.timeframe, clock, after),
  };
}
