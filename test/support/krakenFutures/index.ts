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
 *
 * Private side: pass `credentials` and `account` and the emulator serves a flex (multi-collateral) account
 * behind accounts, openpositions, openorders, orders/status, fills, sendorder, cancelorder, editorder,
 * cancelallorders, leveragepreferences (GET, PUT) and the account log (/api/history/v3/account-log), every
 * call signed as ccxt signs it (APIKey, Authent; a bad one answers `authenticationError`):
 *
 *   const emu = await KrakenFuturesEmulator.start({ candles, now, funding, credentials: { apiKey: 'k', secret: base64 },
 *     account: { usd: 10_000, leverage: { PF_SOLUSD: 10 } } });                 // fees: 0.02% maker, 0.05% taker
 *   client.apiKey = 'k'; client.secret = base64;
 *   await client.createOrder('SOL/USD:USD', 'limit', 'buy', 1, 95, { clientOrderId: 'a1' });
 *   emu.setNow(later);                      // the next private call matches, funds and liquidates up to `later`
 *   emu.exchange.account.orders / .fills / .positions / .log / .balance       // the truth behind the answers
 *
 * Account model: positions net per contract, in contracts (PF_ contracts are one coin); isolated margin at
 * the contract's leverage preference (value / leverage set aside), cross margin without one; fees taken from
 * the USD collateral; a reduction realises its P&L; funding settled at every hour end and on every position
 * change from the `funding` rates (relative rate x value; longs pay when it is positive); liquidation when an
 * isolated position's margin plus unrealised P&L falls below its maintenance margin (the cross positions
 * together against the collateral), the loss of an isolated one capped at its margin. Matching as on the spot
 * emulator: prices only from the synthetic tape; mkt fills at the last print (plus `slippageBps`) as taker;
 * lmt and post rest and fill as makers when a print reaches (post: trades through) them; stp and take_profit
 * trigger on the first print through stopPrice, then fill at the market or rest at limitPrice; ioc fills what
 * it can at once. Refusals come in sendStatus.status as on Kraken: insufficientAvailableFunds,
 * postWouldExecute, iocWouldNotExecute, wouldNotReducePosition, clientOrderIdAlreadyExist (a cliOrdId is
 * refused once ever used), invalidSize, invalidPrice, ... orders/status reports open orders and the others
 * for 5 s of emulated time after their last event, as Kraken documents.
 *
 * Faults: the spot emulator's, by route ("private/sendorder", "private/orders/status", "history/account-log",
 * "charts"), one-off with fault() or from a seeded `faultPlan` (kraken/faults.ts), in Kraken Futures' own
 * error body and malformed 200s (futuresFaults.ts); `bookedLate` closes the connection unanswered and books
 * the order `lateMs` later (or at takeEffectNow()).
 */
export {
  KrakenFuturesEmulator,
  KrakenFuturesApiError,
  type KrakenFuturesEmulatorOptions,
  type FuturesRequest,
  type FuturesRouteHandler,
} from './krakenFuturesEmulator.js';
export { DEFAULT_PERPETUALS, instrumentsPayload, marginLevelOf, type EmulatorPerpetual } from './instruments.js';
export { futuresAuthent, signedPath } from './futuresAuth.js';
export { FUTURES_DIALECT, TRANSIENT_FUTURES_ERRORS, FUTURES_MALFORMED_BODIES } from './futuresFaults.js';
export { FuturesExchange, type FuturesAccountOptions, type SendStatus } from './private/futuresExchange.js';
export { FuturesAccount, FUTURES_ENTRY_FEES, type FuturesFill, type FuturesFees, type MarginFigures } from './private/futuresAccount.js';
export type { FuturesOrder, FuturesOrderType, FuturesSide } from './private/futuresOrder.js';
export type { FuturesPosition } from './private/futuresPositions.js';
export type { LogEntry, LogInfo } from './private/accountLog.js';
export { fundingFixture, type FixtureRate } from './fundingFixture.js';
