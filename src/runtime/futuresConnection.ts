import type { Symbol } from '../domain/bar.js';
import type { MarketInfo } from '../domain/market.js';
import type { Config } from '../config/schema.js';
import { ExchangeFeed } from '../data/exchangeFeed.js';
import { FundingRefreshingFeed } from '../data/fundingRefreshingFeed.js';
import { PERPETUAL_SERIES } from '../data/venueSeries.js';
import { RetryableError } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';
import type { Store } from '../store/store.js';
import { tradedMarkets } from './exchangeConnection.js';
import { ClockSyncedFeed, ExchangeClock } from './exchangeClock.js';
import type { ExchangeConnection } from './tradingRuntime.js';

/** The exchange id the store keeps Kraken Futures' markets under. */
export const KRAKEN_FUTURES = 'krakenfutures';

/**
 * Connect to Kraken Futures' public market data (exchange.futuresApiUrl, else futures.kraken.com): the
 * perpetuals with their margin levels, stored; a feed of the perpetuals' candles (kept under their own
 * series) that also stores the funding rates as they are published. ccxt is loaded here only.
 */
export async function connectFuturesExchange(config: Config, store: Store, logger: Logger): Promise<ExchangeConnection> {
  const { createKrakenFuturesClient, KrakenFuturesMarketData } = await import('../data/krakenFutures/index.js');
  const data = new KrakenFuturesMarketData(createKrakenFuturesClient({ apiUrl: config.exchange.futuresApiUrl, timeoutMs: config.exchange.timeoutMs }));
  let list: MarketInfo[];
  try {
    list = await data.markets();
  } catch (err) {
    if (err instanceof RetryableError) {
      throw new RetryableError(`cannot reach Kraken Futures for market data: ${err.message}`, {
        hint: 'check the network connection (and exchange.futuresApiUrl), or trade on stored candles with --feed replay',
        cause: err,
      });
    }
    throw err;
  }
  const markets = new Map<Symbol, MarketInfo>(list.map((m) => [m.symbol, m]));
  store.saveMarkets(KRAKEN_FUTURES, tradedMarkets(config, markets), Date.now());
  logger.info('connected', { exchange: KRAKEN_FUTURES, perpetuals: markets.size, apiUrl: config.exchange.futuresApiUrl ?? 'default' });
  const intervalMs = config.venue.futures.funding.intervalHours * 3_600_000;
  // Which candles have closed is the exchange's clock's to say (kept in line before each poll).
  const exchangeClock = new ExchangeClock({ serverTime: () => data.serverTime() });
  await exchangeClock.sync();
  return {
    name: KRAKEN_FUTURES,
    markets,
    serverTime: () => data.serverTime(),
    feed: (symbols, after) => {
      const bars = new ExchangeFeed(data, store.candles, symbols, config.timeframe, exchangeClock, after, PERPETUAL_SERIES);
      return new ClockSyncedFeed(new FundingRefreshingFeed(bars, data, store.funding, intervalMs), exchangeClock);
    },
  };
}
