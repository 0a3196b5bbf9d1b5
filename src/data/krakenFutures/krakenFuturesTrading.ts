import { AuthenticationError } from 'ccxt';
import type { Symbol } from '../../domain/bar.js';
import type {
  AddOrderParams,
  AddOrderResult,
  AssetBalance,
  ExchangeLedgerEntry,
  ExchangeOrder,
  ExchangePosition,
  ExchangeTrade,
  TradingApi,
  TradingMarket,
} from '../../execution/live/tradingApi.js';
import { BotError, DuplicateOrderError, FatalError, OrderRejectedError, UserError } from '../../internal/errors.js';
import { malformedAnswer, mapExchangeError } from '../exchangeErrors.js';
import { MalformedPayload } from '../kraken/krakenTradingPayloads.js';
import { PrivateCallQueue, type PrivateKeyOptions } from '../kraken/privateCallQueue.js';
import { EndedOrders } from './endedOrders.js';
import type { KrakenFuturesClient } from './krakenFuturesClient.js';
import { KrakenFuturesMarketData } from './krakenFuturesMarketData.js';
import {
  parseAccountLog,
  parseCancelOrder,
  parseFills,
  parseFlexBalances,
  parseLeveragePreferences,
  parseOpenOrders,
  parseOpenPositions,
  parseOrderStatus,
  parseSendOrder,
  parseSuccess,
  type AccountLogEntry,
  type FuturesFill,
} from './krakenFuturesTradingPayloads.js';

export interface KrakenFuturesTradingOptions extends PrivateKeyOptions {
  /** How far back the fills of an order no longer listed are read (default 30 days). */
  readonly lookbackMs?: number;
}

/** fills answers 100 at a time, newest first; more pages than this in one read is a flood, not a sync. */
const FILLS_PAGE = 100;
const MAX_PAGES = 100;
const LOG_PAGE = 500;
const DAY = 86_400_000;

/** sendorder refusals that mean "this order, not now": recorded as rejected, never re-sent. */
const DUPLICATE = 'clientOrderIdAlreadyExist';

/** The account log's entry types the venue reads: a fill's fee, a funding settlement. */
const TRADE_LOG = 'futures trade';
const LIQUIDATION_LOG = 'futures liquidation';
const FUNDING_LOG = 'funding rate change';

/**
 * Kraken Futures' private API through ccxt's krakenfutures, for the live venue: the same guarantees as
 * the spot adapter (one queue for every private call, ccxt's retries off, every answer validated), on
 * the derivatives API's own terms. Orders carry a cliOrdId; positions are in contracts (one coin each on
 * PF_ perpetuals); an opening order first sets the contract's isolated-margin leverage preference
 * (PUT leveragepreferences) to the order's leverage; a stop-loss is a reduce-only `stp`. Fills carry no
 * fee: each fill's fee is read from the account log ('futures trade', by execution id), and funding from
 * its 'funding rate change' entries, so the USD collateral balance is explained to the cent.
 */
export class KrakenFuturesTrading implements TradingApi {
  readonly name = 'krakenfutures';
  readonly financingTypes = ['funding'] as const;
  private readonly queue: PrivateCallQueue;
  private readonly symbols = new Map<string, Symbol>();
  private readonly ids = new Map<Symbol, string>();
  private readonly ended: EndedOrders;
  private preferences: Map<string, number> | undefined;

  constructor(
    private readonly client: KrakenFuturesClient,
    private readonly options: KrakenFuturesTradingOptions,
  ) {
    if (!options.apiKey || !options.secret) {
      throw new UserError('live futures trading needs a Kraken Futures API key and secret', {
        hint: 'set KRAKEN_FUTURES_API_KEY and KRAKEN_FUTURES_API_SECRET',
      });
    }
    client.apiKey = options.apiKey;
    client.secret = options.secret;
    // Never let ccxt re-send a request on its own: a sendorder that timed out may have been booked.
    client.options['maxRetriesOnFailure'] = 0;
    this.queue = options.queue ?? new PrivateCallQueue();
    this.ended = new EndedOrders(this.symbolOf);
  }

  /** The USD perpetuals, each with every whole leverage from 1 to its maximum (the preference takes any). */
  async markets(): Promise<TradingMarket[]> {
    const markets = await new KrakenFuturesMarketData(this.client).markets();
    return markets.flatMap((m) => {
      if (!m.perpetual) return [];
      this.symbols.set(m.perpetual.id.toUpperCase(), m.symbol);
      this.ids.set(m.symbol, m.perpetual.id);
      const levels = Array.from({ length: Math.max(1, Math.floor(m.maxLeverage + 1e-9)) }, (_, i) => i + 1);
      return [{ ...m, pairId: m.perpetual.id, leverageBuy: levels, leverageSell: levels }];
    });
  }

  async addOrder(p: AddOrderParams): Promise<AddOrderResult> {
    const symbol = this.idOf(p.symbol);
    if (!p.reduceOnly && p.leverage !== undefined) await this.prefer(symbol, p.leverage);
    const orderType = p.type === 'market' ? 'mkt' : p.type === 'stop-loss' ? 'stp' : p.postOnly ? 'post' : 'lmt';
    const request: Record<string, string> = {
      orderType,
      symbol,
      side: p.side,
      size: p.volume,
      cliOrdId: p.clientId,
      ...(p.type === 'limit' && p.price !== undefined && { limitPrice: p.price }),
      // A stop-market on the last trade price, as the daemon and the simulated venue read the bars.
      ...(p.type === 'stop-loss' && p.price !== undefined && { stopPrice: p.price, triggerSignal: 'last' }),
      ...(p.reduceOnly && { reduceOnly: 'true' }),
    };
    const what = `sending ${orderType} ${p.side} ${p.volume} ${symbol}`;
    const answer = await this.call(what, () => this.client.privatePostSendorder({ ...request, maxRetriesOnFailure: 0 }), parseSendOrder);
    if ('placed' in answer) return { txid: answer.placed, description: `${orderType} ${p.side} ${p.volume} ${symbol}${p.price ? ` @ ${p.price}` : ''}` };
    if (answer.refused === DUPLICATE) throw new DuplicateOrderError(`${this.name} already holds an order under cliOrdId ${p.clientId} (${what})`);
    throw new OrderRejectedError(`${this.name} rejected the order while ${what}: ${answer.refused}`);
  }

  async cancelOrder(txid: string): Promise<void> {
    const status = await this.call(
      `cancelling order ${txid}`,
      () => this.client.privatePostCancelorder({ order_id: txid, maxRetriesOnFailure: 0 }),
      parseCancelOrder,
    );
    if (status !== 'cancelled') throw new OrderRejectedError(`${this.name} did not cancel order ${txid}: ${status}`);
  }

  async openOrders(clientId?: string): Promise<ExchangeOrder[]> {
    const orders = await this.call(
      'listing open orders',
      () => this.client.privateGetOpenorders(),
      (raw) => parseOpenOrders(raw, this.symbolOf),
    );
    for (const o of orders) this.ended.noteOrder(o);
    return clientId === undefined ? orders : orders.filter((o) => o.clientId === clientId);
  }

  /**
   * Ended orders: by cliOrdId, what orders/status still shows of it, else what its fills tell (an order
   * orders/status does not list has ended); by time, the orders of the fills since then.
   */
  async closedOrders(query: { readonly sinceMs?: number; readonly clientId?: string }): Promise<ExchangeOrder[]> {
    if (query.clientId === undefined) {
      const fills = await this.fillsSince(query.sinceMs ?? this.options.wallClock() - this.lookback());
      return [...new Set(fills.map((f) => f.order_id))].flatMap((id) => this.ended.ended(id) ?? []).filter((o) => o.status !== 'open');
    }
    const clientId = query.clientId;
    const listed = await this.status({ cliOrdIds: clientId });
    if (listed.length > 0) return listed.filter((o) => o.status !== 'open');
    await this.fillsSince(this.options.wallClock() - this.lookback());
    return this.ended.orderIdOf(clientId).flatMap((id) => this.ended.ended(id) ?? []);
  }

  /**
   * Orders by id (ids the exchange gave: they exist): from orders/status, else ended, as far as what was
   * seen of them and their fills tell. One of which nothing is left (not open, ended more than seconds
   * ago, no fill: a cancelled stop after a restart) ended unfilled: the derivatives API keeps no more.
   */
  async queryOrders(txids: readonly string[]): Promise<ExchangeOrder[]> {
    if (txids.length === 0) return [];
    const listed = new Map((await this.status({ orderIds: [...txids] })).map((o) => [o.txid, o]));
    const missing = txids.filter((tx) => !listed.has(tx));
    if (missing.some((tx) => !this.ended.hasFillsOf(tx))) await this.fillsSince(this.options.wallClock() - this.lookback());
    return txids.map((tx) => listed.get(tx) ?? this.ended.ended(tx) ?? this.ended.unfilled(tx, this.options.wallClock()));
  }

  /**
   * Every fill after `sinceMs`, oldest first, each with its fee from the account log. A fill whose log
   * entry is not there yet is left for the next read, and so is every fill after it: the caller reads on
   * from the last fill it booked, so none is skipped.
   */
  async tradesSince(sinceMs: number): Promise<ExchangeTrade[]> {
    // Kraken lists fills newest first: fills of one instant keep the exchange's order (a liquidation between two pieces of an order).
    const fills = (await this.fillsSince(sinceMs))
      .reverse()
      .map((f, i) => ({ f, i }))
      .sort((a, b) => a.f.fillTime - b.f.fillTime || a.i - b.i)
      .map(({ f }) => f);
    const first = fills[0];
    if (!first) return [];
    // The cash row of each execution (the other row of a trade is the position's, its asset the contract).
    const cash = new Map<string, AccountLogEntry>();
    for (const e of await this.accountLog([TRADE_LOG, LIQUIDATION_LOG], first.fillTime - 1000)) {
      if (e.execution && e.asset.toLowerCase() !== e.contract?.toLowerCase()) cash.set(e.execution, e);
    }
    const out: ExchangeTrade[] = [];
    for (const f of fills) {
      const row = cash.get(f.fill_id);
      if (row === undefined) break;
      const fee = row.fee ?? 0;
      const liquidation = f.fillType === 'liquidation' || row.info === LIQUIDATION_LOG;
      const symbol = this.symbolOf(f.symbol);
      out.push({
        id: f.fill_id,
        orderTxid: f.order_id,
        ...(symbol !== undefined && { symbol }),
        pair: f.symbol,
        side: f.side,
        price: f.price,
        volume: f.size,
        cost: f.size * f.price,
        fee,
        margin: 0,
        closing: false,
        maker: f.fillType.includes('maker'),
        time: f.fillTime,
        ...(liquidation && { liquidation: { realizedPnl: row.realized_pnl ?? 0 } }),
      });
    }
    return out;
  }

  async balances(): Promise<ReadonlyMap<string, AssetBalance>> {
    return this.call('reading the futures account', () => this.client.privateGetAccounts(), parseFlexBalances);
  }

  async openPositions(): Promise<ExchangePosition[]> {
    return this.call(
      'listing open positions',
      () => this.client.privateGetOpenpositions(),
      (raw) => parseOpenPositions(raw, this.symbolOf),
    );
  }

  /** Funding the account settled after `sinceMs` (the account log's 'funding rate change' entries), oldest first. */
  async ledger(query: { readonly sinceMs: number; readonly types: readonly string[] }): Promise<ExchangeLedgerEntry[]> {
    if (!query.types.includes('funding')) return [];
    const out: ExchangeLedgerEntry[] = [];
    for (const e of await this.accountLog([FUNDING_LOG], query.sinceMs)) {
      if (e.realized_funding === null || e.realized_funding === undefined || e.realized_funding === 0) continue;
      const symbol = e.contract ? this.symbolOf(e.contract) : undefined;
      out.push({
        id: e.id,
        refid: e.booking_uid ?? e.id,
        time: e.date,
        type: 'funding',
        asset: e.asset.toUpperCase(),
        amount: e.realized_funding,
        fee: 0,
        ...(symbol !== undefined && { symbol }),
      });
    }
    return out;
  }

  private readonly symbolOf = (pair: string): Symbol | undefined => this.symbols.get(pair.toUpperCase());

  private idOf(symbol: Symbol): string {
    const id = this.ids.get(symbol);
    if (id === undefined) throw new UserError(`${this.name}: no perpetual for ${symbol} loaded`, { hint: 'load the markets first; check the symbol' });
    return id;
  }

  private lookback(): number {
    return this.options.lookbackMs ?? 30 * DAY;
  }

  /**
   * Isolated margin at `leverage` on `symbol` before an opening order: Kraken margins an order at the
   * contract's leverage preference. Set only when it differs. A failure sends nothing: the order is
   * refused (the next bar decides anew), never sent at a leverage that was not asked for.
   */
  private async prefer(symbol: string, leverage: number): Promise<void> {
    try {
      this.preferences ??= await this.call('reading leverage preferences', () => this.client.privateGetLeveragepreferences(), parseLeveragePreferences);
      if (this.preferences.get(symbol.toUpperCase()) === leverage) return;
      await this.call(
        `setting ${symbol}'s leverage to ${leverage}x`,
        () => this.client.privatePutLeveragepreferences({ symbol, maxLeverage: String(leverage), maxRetriesOnFailure: 0 }),
        parseSuccess,
      );
      this.preferences.set(symbol.toUpperCase(), leverage);
    } catch (err) {
      this.preferences = undefined;
      // A refused key refuses every call: that stops the daemon. Anything else refuses this order only.
      if (err instanceof FatalError && err.cause instanceof AuthenticationError) throw err;
      throw new OrderRejectedError(
        `${this.name}: the order was not sent, its leverage preference (${leverage}x on ${symbol}) could not be set: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }

  private async status(params: { readonly orderIds?: string[]; readonly cliOrdIds?: string }): Promise<ExchangeOrder[]> {
    const orders = await this.call(
      'reading order status',
      () => this.client.privateGetOrdersStatus({ ...params }),
      (raw) => parseOrderStatus(raw, this.symbolOf),
    );
    for (const o of orders) this.ended.noteOrder(o);
    return orders;
  }

  /** Fills at or after `sinceMs`, newest first as Kraken lists them, paged back (it serves the 100 before `lastFillTime`). */
  private async fillsSince(sinceMs: number): Promise<FuturesFill[]> {
    const byId = new Map<string, FuturesFill>();
    let before: number | undefined;
    let previousOldest = Number.POSITIVE_INFINITY;
    for (let page = 0; page < MAX_PAGES; page++) {
      const params = before === undefined ? {} : { lastFillTime: new Date(before).toISOString() };
      const fills = await this.call('listing fills', () => this.client.privateGetFills(params), parseFills);
      this.ended.noteFills(fills);
      for (const f of fills) if (f.fillTime >= sinceMs) byId.set(f.fill_id, f);
      const oldest = Math.min(...fills.map((f) => f.fillTime));
      if (fills.length < FILLS_PAGE || oldest < sinceMs) return [...byId.values()];
      if (oldest >= previousOldest)
        throw malformedAnswer('listing fills', `a page of ${fills.length} fills before ${new Date(previousOldest).toISOString()} goes no further back`);
      previousOldest = oldest;
      // The next page starts just after the oldest instant: fills sharing it are read again, never skipped.
      before = oldest + 1;
    }
    throw malformedAnswer('listing fills', `more than ${MAX_PAGES * FILLS_PAGE} fills since ${new Date(sinceMs).toISOString()}`);
  }

  /** Account log entries of the kinds `infos` at or after `sinceMs`, oldest first (paged forward by time). */
  private async accountLog(infos: readonly string[], sinceMs: number): Promise<AccountLogEntry[]> {
    const one = infos.length === 1 ? infos[0] : undefined;
    const byId = new Map<string, AccountLogEntry>();
    let since = sinceMs;
    for (let page = 0; page < MAX_PAGES; page++) {
      const logs = await this.call(
        `reading the account log (${infos.join(', ')})`,
        () => this.client.historyGetAccountLog({ since, sort: 'asc', count: LOG_PAGE, ...(one !== undefined && { info: one }) }),
        parseAccountLog,
      );
      for (const e of logs) if (infos.includes(e.info) && e.date >= sinceMs) byId.set(e.id, e);
      const newest = Math.max(...logs.map((e) => e.date));
      if (logs.length < LOG_PAGE || newest <= since) return [...byId.values()].sort((a, b) => a.date - b.date || a.id.localeCompare(b.id));
      since = newest;
    }
    throw malformedAnswer('reading the account log', `more than ${MAX_PAGES * LOG_PAGE} entries since ${new Date(sinceMs).toISOString()}`);
  }

  /** One private call: queued, its errors mapped, its answer validated. */
  private async call<T>(what: string, request: () => Promise<unknown>, parse: (raw: unknown) => T): Promise<T> {
    let raw: unknown;
    try {
      raw = await this.queue.run(request);
    } catch (err) {
      if (err instanceof AuthenticationError) {
        throw new FatalError(`${this.name} refused the API key while ${what}`, {
          hint: 'check KRAKEN_FUTURES_API_KEY / KRAKEN_FUTURES_API_SECRET (demo keys work only with --demo, production keys only without it)',
          cause: err,
        });
      }
      throw err instanceof BotError ? err : mapExchangeError(err, what);
    }
    try {
      return parse(raw);
    } catch (err) {
      if (err instanceof MalformedPayload) throw malformedAnswer(what, err.message, err);
      throw err;
    }
  }
}
