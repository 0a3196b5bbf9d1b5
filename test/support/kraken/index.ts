/**
 * A loopback Kraken for tests, spoken to by the real ccxt client:
 *
 *   const emu = await KrakenEmulator.start({ candles: usdCandles(), now: Date.parse('2025-06-01T10:30:00Z') });
 *   const client = createKrakenClient({ apiUrl: emu.url, timeoutMs: 2000, enableRateLimit: false });
 *   emu.fault('public/Ticker', { status: 503, times: 1 });      // or { error }, { delayMs }, { body }
 *   emu.route('private/AddOrder', (req) => ({ ... }));         // private routes are HMAC-checked first
 *   emu.requestsTo('public/Trades')                             // what ccxt sent, with handler notes
 *   emu.setNow(t)                                               // or start with { speed } to let time run
 */
export { KrakenEmulator, KrakenApiError, type KrakenEmulatorOptions, type EmulatorRequest, type EmulatorCandles, type RouteHandler } from './krakenEmulator.js';
export { FaultTable, type Fault } from './faults.js';
export { DEFAULT_MARKETS, DEFAULT_ASSETS, type EmulatorMarket, type EmulatorAsset } from './markets.js';
export { krakenSignature, type Credentials } from './privateAuth.js';
export { tradesOfBar, type SyntheticTrade } from './syntheticTrades.js';
export { visibleBars } from './publicRoutes.js';
export { usdCandles } from './sharedCandles.js';
