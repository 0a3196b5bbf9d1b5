/**
 * A loopback Kraken for tests, spoken to by the real ccxt client:
 *
 *   const emu = await KrakenEmulator.start({ candles: usdCandles(), now: Date.parse('2025-06-01T10:30:00Z') });
 *   const client = createKrakenClient({ apiUrl: emu.url, timeoutMs: 2000, enableRateLimit: false });
 *   emu.fault('public/Ticker', { status: 503, times: 1 });      // or { error }, { delayMs }, { body }
 *   emu.route('private/AddOrder', (req) => ({ ... }));         // private routes are HMAC-checked first
 *   emu.requestsTo('public/Trades')                             // what ccxt sent, with handler notes
 *   emu.setNow(t)                                               // or start with { speed } to let time run
 *
 * Private side: pass `account` (and `credentials`) and the emulator serves an account behind Balance,
 * BalanceEx, TradeBalance, AddOrder, CancelOrder, CancelAll, QueryOrders, OpenOrders, ClosedOrders,
 * TradesHistory, QueryTrades and OpenPositions, with Kraken's API-Sign and strictly increasing nonces:
 *
 *   const emu = await KrakenEmulator.start({ candles, now, credentials: { apiKey: 'k', secret: base64 },
 *     account: { balances: { ZUSD: 10_000, SOL: 5 }, seed: 1 },          // fees: Kraken's entry tier
 *     faultPlan: { seed: 42, routes: { 'private/AddOrder': { http5xx: 0.1, acceptedSlow: 0.05, partialFill: 0.1 } } } });
 *   client.apiKey = 'k'; client.secret = base64;
 *   client.nonce = () => ...;               // ccxt's ms nonce repeats on loopback: give it one that never does
 *   await client.createOrder('SOL/USD', 'limit', 'buy', 1, 95, { clientOrderId: 'a1' });
 *   emu.setNow(later);                      // the next private call matches resting orders up to `later`
 *   emu.fault('private/AddOrder', { afterHandling: true, delayMs: 5000, times: 1 });  // booked, then too late
 *   emu.fault('private/AddOrder', { afterHandling: true, destroy: true, times: 1 });  // booked, then dropped
 *   emu.fault('private/AddOrder', { partialFills: 3, times: 1 });                     // fills in 3 pieces
 *   emu.fault('private/AddOrder', { takeEffectAfterMs: 6000, times: 1 });             // dropped, booked 6 s later
 *   await emu.takeEffectNow();                                                         // ... or when the test says
 *   emu.faultCount('acceptedSlow'); emu.injected                                       // every fault, with its request
 *   emu.exchange.account.orders / .trades / .balances / .positions                     // the truth behind the answers
 *
 * Matching: prices come only from the synthetic trade tape (the prints public/Trades serves). A market
 * order fills at the last print at or before now (Ticker's `c`, plus `slippageBps`) as taker; a limit
 * rests and fills at its price as maker when a print reaches it, taking no more than that print's
 * volume; stop-loss / take-profit trigger on the first print through `price` and then fill at that
 * print (a gap fills beyond the trigger); the -limit forms then rest at `price2`. Spot orders hold quote
 * (buy, at price plus taker fee) or base (sell); an order with `leverage` opens or closes a margin
 * position (FIFO), posting cost / leverage as margin and settling fees and profit in ZUSD. No rollover
 * fees, no liquidation. Emulated time must not go back once private calls were made.
 *
 * Errors (ccxt class). Kraken's own: EQuery:Unknown asset pair, EGeneral:Invalid arguments:<field> (volume,
 * price -> InvalidOrder; other fields ExchangeError), EOrder:Order minimum not met (InvalidOrder),
 * EOrder:Insufficient funds (InsufficientFunds), EOrder:Unknown order (OrderNotFound from cancelOrder).
 * Plausible, not verified against live Kraken: EOrder:Invalid order for an unknown txid in QueryOrders
 * (InvalidOrder), and, all ExchangeError in ccxt: EOrder:Cost minimum not met, EOrder:Invalid leverage
 * (a level not in leverage_buy/sell), EOrder:Insufficient margin (free margin short; Kraken also has
 * EOrder:Margin level too low), EOrder:Duplicate order (cl_ord_id of an open order), EOrder:Reduce
 * only:Non-PC (reduce_only without a position), EOrder:Invalid price:<pair> price can only be specified up
 * to N decimals. A cl_ord_id must be a UUID or free text of at most 18 characters, as on Kraken.
 */
export { KrakenEmulator, KrakenApiError, type KrakenEmulatorOptions, type EmulatorRequest, type EmulatorCandles, type RouteHandler } from './krakenEmulator.js';
export {
  FaultTable,
  FaultPlanner,
  FAULT_KINDS,
  TRANSIENT_KRAKEN_ERRORS,
  MALFORMED_BODIES,
  SPOT_DIALECT,
  type FaultDialect,
  type Fault,
  type FaultKind,
  type FaultPlan,
  type InjectedFault,
} from './faults.js';
export { DEFAULT_MARKETS, DEFAULT_ASSETS, ENTRY_FEES, type EmulatorMarket, type EmulatorAsset } from './markets.js';
export * from './private/index.js';
export { krakenSignature, type Credentials } from './privateAuth.js';
export { tradesOfBar, type SyntheticTrade } from './syntheticTrades.js';
export { visibleBars } from './publicRoutes.js';
export { usdCandles } from './sharedCandles.js';
