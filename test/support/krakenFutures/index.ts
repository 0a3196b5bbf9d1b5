/**
 * A loopback Kraken Futures for tests, spoken to by the real ccxt krakenfutures client:
 *
 *   const emu = await KrakenFuturesEmulator.start({ candles: usdCandles(), now, funding: new Map([['PF_XBTUSD', fundingFixture(a, b)]]) });
 *   const client = createKrakenFuturesClient({ apiUrl: emu.url, timeoutMs: 2000, enableRateLimit: false });
 *   emu.fault('charts', { status: 503, times: 1 });       // or { error: 'apiLimitExceeded' }, { delayMs }, { body }
 *   emu.requestsTo('charts')                              // what ccxt sent (params: price_type, symbol, interval, from, to)
 *
 * Public side: instruments (PF_SOLUSD, PF_ETHUSD, PF_XBTUSD with their margin levels, plus an inverse
 * contract and an index the bot skips), tickers, charts (from/to in seconds, at most 2,000 candles, the
 * current candle built from its trades so far) and historicalfundingrates (v4). Prices are the shared
 * Binance candles standing in for the perpetuals'; funding rates are test fixtures (fundingFixture.ts).
 * The private side (signed requests, orders, positions, accounts) is added with route('private/...').
 */
export {
  KrakenFuturesEmulator,
  KrakenFuturesApiError,
  type KrakenFuturesEmulatorOptions,
  type FuturesRequest,
  type FuturesRouteHandler,
} from './krakenFuturesEmulator.js';
export { DEFAULT_PERPETUALS, instrumentsPayload, type EmulatorPerpetual } from './instruments.js';
export { fundingFixture, type FixtureRate } from './fundingFixture.js';
