import { z } from 'zod';
import type { Symbol } from '../domain/bar.js';
import type { MarketInfo } from '../domain/market.js';
import type { Clock } from '../domain/ports.js';
import type { Config } from '../config/schema.js';
import { ExchangeFeed } from '../data/exchangeFeed.js';
import { isLoopbackUrl } from '../data/kraken/loopback.js';
import { RetryableError, UserError } from '../internal/errors.js';
import type { NonceRecord } from '../domain/nonceRecord.js';
import type { TradingApi, TradingMarket } from '../execution/live/tradingApi.js';
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
  const { malformedAnswer, withExchangeErrors } = await import('../data/exchangeErrors.js');
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
  store.saveMarkets(config.exchange.id, tradedMarkets(config, markets), Date.now());
  logger.info('connected', { exchange: config.exchange.id, markets: markets.size, apiUrl: config.exchange.apiUrl ?? 'default' });
  return {
    name: config.exchange.id,
    markets,
    feed: (symbols, after, clock: Clock) => new ExchangeFeed(data, store.candles, symbols, config.timeframe, clock, after),
    serverTime: async () => {
      const parsed = serverTimeSchema.safeParse(await withExchangeErrors('reading the server time', () => client.fetchTime()));
      if (!parsed.success) throw malformedAnswer('reading the server time', 'no unixtime in the answer');
      return parsed.data;
    },
  };
}

const serverTimeSchema = z.number().int().positive();

/** The markets of the assets and the market lead: what the store keeps of an exchange's list. */
export function tradedMarkets(config: Config, markets: ReadonlyMap<Symbol, MarketInfo>): MarketInfo[] {
  return [...config.assets, ...(config.marketLead ? [config.marketLead] : [])].flatMap((s) => markets.get(s) ?? []);
}

/**
 * Live trading sends signed requests and orders to `exchange.apiUrl`: never in clear text across a
 * network. Plain http is refused (exit 2) unless it stays on this machine (the emulator, a local proxy).
 */
export function requireSecureLiveUrl(apiUrl: string | null, key = 'exchange.apiUrl'): void {
  if (apiUrl === null || new URL(apiUrl).protocol === 'https:' || isLoopbackUrl(apiUrl)) return;
  throw new UserError(`${key} ${apiUrl} is plain http to another machine: --live would send signed requests and orders over it unencrypted`, {
    hint: 'use an https:// URL, or null for Kraken itself; plain http is accepted only to a loopback address such as http://127.0.0.1:PORT (an emulator)',
  });
}

/** The account side of a live run: the private API on a client of its own, and the markets as it trades them. */
export interface LiveTradingConnection {
  readonly api: TradingApi;
  readonly markets: ReadonlyMap<Symbol, TradingMarket>;
  /** The account's total balance of `currency` (unified code, e.g. "USD"); 0 when it holds none. */
  balance(currency: string): Promise<number>;
}

export interface Credentials {
  readonly apiKey: string;
  readonly secret: string;
}

/**
 * Connect to the account: a dedicated ccxt client (its own nonce and call queue, apart from market data),
 * the markets with their leverage levels, and one balance read to prove the key works. Unreachable:
 * RetryableError (exit 75); a refused key: FatalError.
 */
export async function connectLiveTrading(config: Config, credentials: Credentials, logger: Logger, nonces?: NonceRecord): Promise<LiveTradingConnection> {
  requireSecureLiveUrl(config.exchange.apiUrl);
  const { createKrakenClient, KrakenTrading } = await import('../data/kraken/index.js');
  const client = createKrakenClient({ apiUrl: config.exchange.apiUrl, timeoutMs: config.exchange.timeoutMs });
  const api = new KrakenTrading(client, { apiKey: credentials.apiKey, secret: credentials.secret, wallClock: Date.now, ...(nonces && { nonces }) });
  return openAccount(api, config, config.exchange.id, logger);
}

/**
 * The account behind `api`: its markets, one balance read to prove the key works, every configured asset
 * tradable there. Unreachable: RetryableError (exit 75); a refused key: FatalError.
 */
export async function openAccount(api: TradingApi, config: Config, exchange: string, logger: Logger): Promise<LiveTradingConnection> {
  let markets: Map<Symbol, TradingMarket>;
  try {
    markets = new Map((await api.markets()).map((m) => [m.symbol, m]));
    await api.balances();
  } catch (err) {
    if (err instanceof RetryableError) {
      throw new RetryableError(`cannot reach the ${exchange} account: ${err.message}`, {
        hint: 'check the network connection and try again',
        cause: err,
      });
    }
    throw err;
  }
  for (const symbol of config.assets) {
    if (!markets.has(symbol)) {
      throw new UserError(`unknown asset ${symbol}: ${exchange} has no such market to trade`, { hint: 'check the assets in the config or --assets' });
    }
  }
  logger.info('account connected', { exchange, markets: markets.size });
  return {
    api,
    markets,
    balance: async (currency) => (await api.balances()).get(currency)?.total ?? 0,
  };
}
