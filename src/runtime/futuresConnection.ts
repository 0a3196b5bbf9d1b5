import type { Symbol } from '../domain/bar.js';
import type { MarketInfo } from '../domain/market.js';
import type { Config } from '../config/schema.js';
import { ExchangeFeed } from '../data/exchangeFeed.js';
import { FundingRefreshingFeed } from '../data/fundingRefreshingFeed.js';
import { PERPETUAL_SERIES } from '../data/venueSeries.js';
import { RetryableError } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';
import type { Store } from '../store/store.js';
import { openAccount, requireSecureLiveUrl, tradedMarkets, type Credentials, type LiveTradingConnection } from './exchangeConnection.js';
import { ClockSyncedFeed, ExchangeClock } from './exchangeClock.js';
import type { ExchangeConnection } from './tradingRuntime.js';

/** The exchange id the store keeps Kraken Futures' markets under. */
export const KRAKEN_FUTURES = 'krakenfutures';

/** Where a futures run's exchange is: production, or Kraken's demo environment (`bot run --live --demo`). */
export interface FuturesEnvironment {
  readonly demo: boolean;
}

/** The exchange's name as the logs and the live summary give it. */
export function futuresExchangeName(env: FuturesEnvironment): string {
  return env.demo ? `${KRAKEN_FUTURES} (demo)` : KRAKEN_FUTURES;
}

/**
 * Connect to Kraken Futures' public market data (exchange.futuresApiUrl, else futures.kraken.com, or
 * demo-futures.kraken.com for a demo run, whose prices its orders fill at): the perpetuals with their
 * margin levels, stored; a feed of the perpetuals' candles (kept under their own series) that also stores
 * the funding rates as they are published. ccxt is loaded here only.
 */
export async function connectFuturesExchange(
  config: Config,
  store: Store,
  logger: Logger,
  env: FuturesEnvironment = { demo: false },
): Promise<ExchangeConnection> {
  const { createKrakenFuturesClient, KrakenFuturesMarketData } = await import('../data/krakenFutures/index.js');
  const data = new KrakenFuturesMarketData(
    createKrakenFuturesClient({ apiUrl: config.exchange.futuresApiUrl, timeoutMs: config.exchange.timeoutMs, demo: env.demo }),
  );
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
  logger.info('connected', { exchange: futuresExchangeName(env), perpetuals: markets.size, apiUrl: config.exchange.futuresApiUrl ?? 'default' });
  const intervalMs = config.venue.futures.funding.intervalHours * 3_600_000;
  // Which candles have closed is the exchange's clock's to say (kept in line before each poll).
  const exchangeClock = new ExchangeClock({ serverTime: () => data.serverTime() });
  await exchangeClock.sync();
  return {
    name: futuresExchangeName(env),
    markets,
    serverTime: () => data.serverTime(),
    feed: (symbols, after) => {
      const bars = new ExchangeFeed(data, store.candles, symbols, config.timeframe, exchangeClock, after, PERPETUAL_SERIES);
      return new ClockSyncedFeed(new FundingRefreshingFeed(bars, data, store.funding, intervalMs), exchangeClock);
    },
  };
}

/**
 * Connect to the Kraken Futures account (production, or the demo exchange with demo keys): a client of
 * its own for the private API, the perpetuals as it trades them, one balance read to prove the key.
 */
export async function connectLiveFuturesTrading(
  config: Config,
  credentials: Credentials,
  logger: Logger,
  env: FuturesEnvironment,
): Promise<LiveTradingConnection> {
  requireSecureLiveUrl(config.exchange.futuresApiUrl, 'exchange.futuresApiUrl');
  const { createKrakenFuturesClient, KrakenFuturesTrading } = await import('../data/krakenFutures/index.js');
  const client = createKrakenFuturesClient({ apiUrl: config.exchange.futuresApiUrl, timeoutMs: config.exchange.timeoutMs, demo: env.demo });
  const api = new KrakenFuturesTrading(client, { apiKey: credentials.apiKey, secret: credentials.secret, wallClock: Date.now });
  return openAccount(api, config, futuresExchangeName(env), logger);
}
