import type { Bar, Symbol } from '../../domain/bar.js';
import type { Fill } from '../../domain/fill.js';
import type { Approved, OrderRequest, OrderState } from '../../domain/order.js';
import type { Position } from '../../domain/position.js';
import type { AccountSnapshot, Clock, Protection, Venue, VenueEvents } from '../../domain/ports.js';
import { DuplicateOrderError, errorMessage, errorPolicy, FatalError, UserError } from '../../internal/errors.js';
import type { LeverageRangeSetting } from '../../risk/types.js';
import { copyOrder, rejectedOrder } from '../orderStates.js';
import { exchangeClientId } from './clientOrderId.js';
import { isCoinHolding } from './coinHolding.js';
import { BookProblem, LiveBook, noEvents, type BookEvents } from './liveBook.js';
import type { OrderJournal } from '../../domain/orderJournal.js';
import { findByClientId } from './orderLookup.js';
import { prepareOnBooks, type Preparation } from './orderPreparation.js';
import { ExchangeStops } from './exchangeStops.js';
import { crossedLevel, isExchangeStopId, protectiveClose, retryId, stopModeOf, type StopMode } from './protectiveStops.js';
import { withRetry, type RetrySettings } from './retry.js';
import type { ExchangeLedgerEntry, TradingApi, TradingMarket } from './tradingApi.js';

/** What a restarted venue continues from: the store's books after start-up reconciliation. */
export interface LiveVenueState {
  readonly cash: number;
  readonly positions: readonly Position[];
  /** Open orders, journaled orders whose fate is unknown (as open), and exchange stop orders. */
  readonly openOrders: readonly OrderState[];
  /** Exchange trade ids already booked as fills. */
  readonly fillIds: Iterable<string>;
  /** Fills are read from this time on (the last booked fill, or the epoch's start). */
  readonly tradesFrom: number;
  /** The fills booked so far: the exchange's ledger entries about their trades find their positions there. */
  readonly fills?: readonly Fill[];
  /** Financing charges booked so far (ids): a ledger entry is booked once. */
  readonly chargeIds?: Iterable<string>;
  /** The exchange's ledger is read from this time on (default tradesFrom). */
  readonly ledgerFrom?: number;
}

/** After a margin fill, how long the ledger is still read although no margin position is open (its opening fee). */
const LEDGER_AFTER_MARGIN_FILL_MS = 3_600_000;

/** A ledger entry of a trade the books do not know is waited for this long; older, it is not the bot's. */
const LEDGER_STRANGER_MS = 600_000;

export interface LiveVenueOptions {
  readonly api: TradingApi;
  readonly journal: OrderJournal;
  readonly markets: ReadonlyMap<Symbol, TradingMarket>;
  /** Configured leverage range per asset: orders are clamped to it and to the market's levels. */
  readonly leverage?: Readonly<Record<Symbol, LeverageRangeSetting>>;
  /** For liquidation prices, as in the simulated venue. */
  readonly maintenanceMarginRate: number;
  /** Bar duration: a bar counts for a position's stop only if it closes after the entry. */
  readonly barMs: number;
  /** Wall clock: order times and pauses. */
  readonly clock: Clock;
  readonly state: LiveVenueState;
  /** Stop-losses on the exchange where the market allows it (default), or always managed by the daemon. */
  readonly stops?: StopMode;
  /** Read calls (never orders) are retried this way. Default 3 attempts from 500 ms. */
  readonly retry?: RetrySettings;
  /** After a lost AddOrder answer: how many lookups by client id, and the pause before the first. Default 2, 1000 ms. */
  readonly lookup?: { readonly attempts: number; readonly delayMs: number };
  /**
   * How long (on `clock`) an order whose answer was lost stays unknown while the exchange does not show
   * it: looked up at every sync and open for the engine (no new entry on its symbol), since the exchange
   * may still book it. Then it is written off as never booked. Default 120 s.
   */
  readonly unknownOrderGraceMs?: number;
}

export const DEFAULT_UNKNOWN_ORDER_GRACE_MS = 120_000;

/**
 * The exchange behind the engine's venue port, kept in the same books as the simulated venue: positions,
 * cash and fills are built from the exchange's own fills, so the engine's accounting does not change.
 *
 * Orders: checked against the market first (amount, price tick, ordermin, costmin, leverage levels; a
 * leverage-1 long, its adds and its sells are plain spot orders, everything else margin orders); the
 * intent is journaled and committed, then sent once with a cl_ord_id derived from the engine's id. A lost
 * answer (timeout, dropped connection, 5xx, malformed body) is resolved by looking the order up by that id,
 * never by sending it again. Fills, order states and the margin fees of the exchange's ledger arrive in
 * onBar, which syncs with the exchange and enforces the daemon-managed stops; everything it learnt is
 * returned there, so the engine persists the books and the fills and charges that explain them in one
 * transaction.
 */
export class LiveVenue implements Venue {
  readonly kind = 'exchange' as const;
  private readonly book: LiveBook;
  private pending: BookEvents = noEvents();
  private tradesFrom: number;
  private readonly lastClose = new Map<Symbol, number>();
  private readonly stops: ExchangeStops;
  /** Orders whose AddOrder is on its way: not to be looked up as lost meanwhile. */
  private readonly inFlight = new Set<string>();
  private readonly retry: RetrySettings;
  private readonly lookupSettings: { readonly attempts: number; readonly delayMs: number };
  /** Orders whose answer was lost, and since when: written off only after the grace. */
  private readonly lostSince = new Map<string, number>();
  private lastProblem: string | undefined;
  private ledgerFrom: number;
  /** Time of the last margin fill booked: its opening fee may be in the ledger after its position is gone. */
  private lastMarginFill = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: LiveVenueOptions) {
    this.retry = options.retry ?? { attempts: 3, baseDelayMs: 500 };
    this.lookupSettings = options.lookup ?? { attempts: 2, delayMs: 1000 };
    const s = options.state;
    if (!Number.isFinite(s.cash)) throw new FatalError(`restored cash ${s.cash} is not a number: the store is inconsistent`);
    for (const p of s.positions) this.market(p.symbol);
    for (const o of s.openOrders) {
      this.market(o.request.symbol);
      if (o.status !== 'open') throw new FatalError(`order ${o.request.clientOrderId} restored as open has status ${o.status}`);
    }
    this.book = this.guard(
      () =>
        new LiveBook({
          cash: s.cash,
          positions: s.positions,
          orders: s.openOrders,
          fillIds: s.fillIds,
          markets: options.markets,
          maintenanceMarginRate: options.maintenanceMarginRate,
          ...(s.fills && { fills: s.fills }),
          ...(s.chargeIds && { chargeIds: s.chargeIds }),
        }),
    );
    this.tradesFrom = s.tradesFrom;
    this.ledgerFrom = s.ledgerFrom ?? s.tradesFrom;
    for (const f of s.fills ?? []) if (this.isMarginFill(f)) this.lastMarginFill = Math.max(this.lastMarginFill, f.time);
    // Restored unresolved orders were lost when last written (their send, or the lookup that failed).
    for (const id of this.book.withoutTxid()) this.lostSince.set(id, this.book.order(id)?.updatedAt ?? options.clock.now());
    this.stops = new ExchangeStops({
      book: this.book,
      send: (order, stopPrice) => this.send(order, stopPrice),
      cancel: (txid) => this.cancelOnExchange(txid),
      record: (state) => this.pending.orders.set(state.request.clientOrderId, copyOrder(state)),
      market: (symbol) => this.market(symbol),
      mode: (symbol) => this.stopMode(symbol),
      now: () => this.options.clock.now(),
    });
  }

  account(): AccountSnapshot {
    const snap = this.book.snapshot();
    return { ...snap, openOrders: snap.openOrders.filter((o) => !isExchangeStopId(o.request.clientOrderId)) };
  }

  /** Books and the exchange stop orders too: what a restart needs (the store's open orders). */
  snapshot(): AccountSnapshot {
    return this.book.snapshot();
  }

  market(symbol: Symbol): TradingMarket {
    const m = this.options.markets.get(symbol);
    if (m) return m;
    const known = [...this.options.markets.keys()].join(', ') || 'none';
    throw new UserError(`unknown symbol ${symbol} on ${this.options.api.name} (known: ${known})`, { hint: 'check the assets in the config' });
  }

  /** Where the stop-losses of `symbol` are enforced; the daemon tells the user at start-up. */
  stopMode(symbol: Symbol): StopMode {
    return stopModeOf(this.market(symbol), this.options.stops ?? 'exchange');
  }

  /** The last sync problem that was retried and gave up (the books catch up on the next sync), if any. */
  syncProblem(): string | undefined {
    return this.lastProblem;
  }

  async submit(order: Approved<OrderRequest>): Promise<OrderState> {
    const known = this.book.order(order.clientOrderId) ?? this.options.journal.find(order.clientOrderId);
    if (known) return known;
    return this.send(order);
  }

  async cancel(clientOrderId: string, time: number): Promise<OrderState | undefined> {
    const state = this.book.order(clientOrderId);
    const txid = this.book.txidOf(clientOrderId);
    if (state?.status !== 'open' || txid === undefined) return state;
    await this.cancelOnExchange(txid);
    // The order is final here once its fills are booked too: the next sync does both, in that order.
    const [ex] = await withRetry(
      () => this.options.api.queryOrders([txid]),
      this.retry,
      (ms) => this.options.clock.sleep(ms),
    );
    if (ex) this.guard(() => this.book.applyOrder(ex, this.pending));
    const after = this.book.order(clientOrderId);
    return after && { ...after, updatedAt: Math.max(after.updatedAt, time) };
  }

  async protect(positionId: string, protection: Protection, _time: number): Promise<void> {
    this.guard(() => this.book.protect(positionId, protection));
    const p = this.book.positionList().find((x) => x.id === positionId);
    if (p) await this.stops.keep(p);
  }

  async onBar(symbol: Symbol, bar: Bar): Promise<VenueEvents> {
    this.market(symbol);
    this.lastClose.set(symbol, bar.close);
    await this.syncTolerant();
    await this.enforce(symbol, bar);
    for (const p of this.book.positionList()) await this.stops.keep(p);
    await this.stops.retireOrphans();
    return this.drain();
  }

  /**
   * Everything the exchange did since the last sync: orders of lost answers found, new fills booked (in
   * time order), order states followed, margin fees charged. Network trouble is retried; if it persists
   * the books simply catch up on the next bar, since every step reads fills (and the ledger) from the last
   * booked one on.
   */
  async sync(): Promise<void> {
    const api = this.options.api;
    const read = <T>(call: () => Promise<T>) => withRetry(call, this.retry, (ms) => this.options.clock.sleep(ms));

    for (const id of this.book.withoutTxid()) if (!this.inFlight.has(id)) await this.resolveLost(id, 'its answer was lost', 1);

    // Everything that moves cash is read before any of it is booked, the ledger before the trades: the
    // fills and financing of one sync are booked together or not at all, and every entry read (a funding
    // settlement, a margin fee) is older than the trades read after it, so the books never hold a charge
    // without the fills before it.
    let entries = this.readsLedger() ? await this.readLedger(read) : undefined;
    const trades = (await read(() => api.tradesSince(this.tradesFrom - 1000))).filter((t) => !this.book.hasFill(t.id));
    const strangers = [
      ...new Set(
        trades
          .filter((t) => !t.liquidation)
          .map((t) => t.orderTxid)
          .filter((tx) => this.book.byExchangeTxid(tx) === undefined),
      ),
    ];
    if (strangers.length > 0) {
      // A fill of an order whose answer was lost: its cl_ord_id says whose it is.
      for (const o of await read(() => api.queryOrders(strangers))) {
        const id = o.clientId === undefined ? undefined : this.book.claim(o.clientId, (x) => this.options.journal.findByExchangeClientId(x));
        if (id !== undefined) this.guard(() => this.book.setTxid(id, o.txid));
      }
    }
    for (const t of trades) {
      this.guard(() => this.book.book(t, this.pending));
      this.tradesFrom = Math.max(this.tradesFrom, t.time);
    }
    for (const f of this.pending.fills) if (this.isMarginFill(f)) this.lastMarginFill = Math.max(this.lastMarginFill, f.time);
    // The first margin fill of a sync: its own entries (a spot margin trade's opening fee) are read now.
    if (!entries && this.readsLedger()) entries = await this.readLedger(read);
    if (entries) this.bookLedger(entries);

    const open = this.book.openTxids();
    if (open.size > 0) {
      for (const ex of await read(() => api.queryOrders([...open.keys()]))) {
        const id = open.get(ex.txid);
        if (id !== undefined) this.stops.noteTrigger(id, ex.price);
        this.guard(() => this.book.applyOrder(ex, this.pending));
      }
    }
  }

  /** While margin is borrowed (and a little after), its fees come in the ledger. */
  private readsLedger(): boolean {
    return this.book.onMargin() || this.options.clock.now() - this.lastMarginFill < LEDGER_AFTER_MARGIN_FILL_MS;
  }

  /** The financing entries of the exchange's ledger since the last read. */
  private readLedger(read: <T>(call: () => Promise<T>) => Promise<T>): Promise<ExchangeLedgerEntry[]> {
    return read(() => this.options.api.ledger({ sinceMs: this.ledgerFrom - 1000, types: this.options.api.financingTypes }));
  }

  /**
   * Book the financing the exchange's ledger shows (margin fees, funding), each entry once (by its id).
   * The next read starts a little before the last entry handled, but never after one whose trade is not
   * booked yet: that one is read again until its trade is, or until it is too old to be the bot's.
   */
  private bookLedger(entries: readonly ExchangeLedgerEntry[]): void {
    let handled = this.ledgerFrom;
    let waiting = Number.POSITIVE_INFINITY;
    for (const e of entries) {
      const outcome = this.guard(() => this.book.bookFinancing(e, this.pending));
      if (outcome === 'unknown trade' && e.time > this.tradesFrom - LEDGER_STRANGER_MS) waiting = Math.min(waiting, e.time);
      else handled = Math.max(handled, e.time);
    }
    this.ledgerFrom = Math.min(handled, waiting);
  }

  private async syncTolerant(): Promise<void> {
    if (!this.hasSomethingToWatch()) return;
    try {
      await this.sync();
      this.lastProblem = undefined;
    } catch (err) {
      if (errorPolicy(err) !== 'retry') throw err;
      this.lastProblem = errorMessage(err);
    }
  }

  private hasSomethingToWatch(): boolean {
    return this.book.positionList().length > 0 || this.book.openOrders().length > 0 || this.readsLedger();
  }

  private drain(): VenueEvents {
    const ev = this.pending;
    this.pending = noEvents();
    return { fills: ev.fills, orders: [...ev.orders.values()].map(copyOrder), closedPositions: ev.closed, charges: ev.charges };
  }

  /** Daemon-managed protection: a bar that crossed the stop (or take-profit) triggers a reduce-only market close. */
  private async enforce(symbol: Symbol, bar: Bar): Promise<void> {
    const p = this.book.position(symbol);
    if (!p) return;
    // A close whose answer was lost does not hold back another while it is unknown: both are reduce-only,
    // so the exchange never lets them close more than the position holds.
    const closing = this.book
      .openOrders()
      .some(
        (o) =>
          o.request.symbol === symbol && o.request.reduceOnly && !isExchangeStopId(o.request.clientOrderId) && !this.lostSince.has(o.request.clientOrderId),
      );
    if (closing) return;
    const onExchange = this.stops.live(p) !== undefined;
    const trigger = crossedLevel(p, bar, this.options.barMs, { stop: !onExchange, takeProfit: true });
    if (!trigger) return;
    const close = protectiveClose(p, trigger, bar, this.options.clock.now());
    // A restart replays the bar whose close it may have sent already (and that left the position open,
    // refused or partly filled): the next attempt gets an id of its own, so no id is ever sent twice.
    let id = close.clientOrderId;
    for (let attempt = 2; this.book.order(id) ?? this.options.journal.find(id); attempt++) id = retryId(close.clientOrderId, attempt);
    const state = await this.send({ ...close, clientOrderId: id });
    this.pending.orders.set(state.request.clientOrderId, copyOrder(state));
    // Market orders fill at once: book the close now, so the engine decides on the books as they are.
    if (state.status === 'open') await this.syncTolerant();
  }

  /** Journal, send once, and settle what the exchange said; a lost answer is looked up, never re-sent. */
  private async send(order: OrderRequest, stopPrice?: number): Promise<OrderState> {
    const now = this.options.clock.now();
    const market = this.market(order.symbol);
    const prep = this.prepare(order, market, stopPrice);
    if ('refused' in prep) {
      const rejected = rejectedOrder(order, prep.refused, now);
      const { venueOrderId: _none, ...state } = rejected;
      this.book.track(state);
      return state;
    }
    const { request } = prep;
    const id = request.clientOrderId;
    const clientId = exchangeClientId(id);
    // A sell of coins held: the exchange stop holding them steps aside first (a spot order reserves what it sells).
    const held = this.book.position(order.symbol);
    if (request.reduceOnly && stopPrice === undefined && held && isCoinHolding(held, market)) await this.stops.release(held);
    this.options.journal.intend(request, clientId, now);
    this.book.track({ request, status: 'open', filledQuantity: 0, updatedAt: now });
    if (stopPrice !== undefined) this.stops.noteTrigger(id, stopPrice);
    this.inFlight.add(id);
    try {
      const result = await this.options.api.addOrder({ ...prep.params, clientId });
      this.inFlight.delete(id);
      this.guard(() => this.book.setTxid(id, result.txid));
      const state = this.book.order(id) as OrderState;
      this.options.journal.settle(state);
      return state;
    } catch (err) {
      this.inFlight.delete(id);
      const policy = errorPolicy(err);
      if (policy === 'skip' && !(err instanceof DuplicateOrderError)) return this.reject(id, refusalReason(request, err));
      if (policy === 'stop') {
        this.options.journal.markUnknown(id, `stopped: ${errorMessage(err)}`, this.options.clock.now());
        throw err;
      }
      this.lostSince.set(id, now);
      return this.resolveLost(id, errorMessage(err), this.lookupSettings.attempts);
    }
  }

  private prepare(order: OrderRequest, market: TradingMarket, stopPrice: number | undefined): Preparation {
    const position = this.book.position(order.symbol);
    const range = this.options.leverage?.[order.symbol];
    const lastClose = this.lastClose.get(order.symbol);
    return prepareOnBooks(order, {
      market,
      openOrders: this.book.openOrders().filter((o) => !isExchangeStopId(o.request.clientOrderId)),
      ...(range && { range }),
      ...(position && { position }),
      ...(lastClose !== undefined && { referencePrice: lastClose }),
      ...(stopPrice !== undefined && { stopPrice }),
    });
  }

  private reject(id: string, reason: string): OrderState {
    const state = this.book.order(id) as OrderState;
    const rejected: OrderState = { ...state, status: 'rejected', rejectReason: reason, updatedAt: this.options.clock.now() };
    this.book.setState(rejected, noEvents());
    this.options.journal.settle(rejected);
    return rejected;
  }

  /**
   * Find an order whose AddOrder answer was lost. Found: it is followed like any other. Not found, or no
   * answer at all: 'unknown' in the journal and open for the engine (so no second entry goes out on its
   * symbol), and every sync looks again; the exchange may book it late. Only when the exchange still
   * shows no such order once the grace has passed is it written off as never booked (rejected).
   */
  private async resolveLost(id: string, cause: string, attempts: number): Promise<OrderState> {
    const clientId = this.book.exchangeIdOf(id) as string;
    let absent = 0;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempts > 1) await this.options.clock.sleep(this.lookupSettings.delayMs * (attempt + 1));
      try {
        const found = await findByClientId(this.options.api, clientId);
        if (found) {
          const ev = noEvents();
          this.guard(() => this.book.applyOrder(found, ev));
          this.stops.noteTrigger(id, found.price);
          const state = this.book.order(id) as OrderState;
          this.options.journal.settle(state);
          for (const [k, v] of ev.orders) this.pending.orders.set(k, v);
          this.lostSince.delete(id);
          return state;
        }
        absent++;
      } catch (err) {
        if (errorPolicy(err) !== 'retry') throw err;
      }
    }
    const now = this.options.clock.now();
    const since = this.lostSince.get(id) ?? now;
    this.lostSince.set(id, since);
    const lostFor = now - since;
    const graceMs = this.options.unknownOrderGraceMs ?? DEFAULT_UNKNOWN_ORDER_GRACE_MS;
    if (absent > 0 && lostFor >= graceMs) {
      this.lostSince.delete(id);
      const rejected = this.reject(
        id,
        `${cause}; the exchange has no order with its client id ${clientId} after ${Math.round(lostFor / 1000)} s: it was never booked`,
      );
      this.pending.orders.set(id, copyOrder(rejected));
      return rejected;
    }
    const why = absent > 0 ? 'not on the exchange yet, looked up again at every sync' : 'lookup failed';
    this.options.journal.markUnknown(id, `${cause}; client id ${clientId}: ${why}`, now);
    return this.book.order(id) as OrderState;
  }

  /** Cancel; an order already gone is not an error (the next sync reads its final state). */
  private async cancelOnExchange(txid: string): Promise<void> {
    try {
      await this.options.api.cancelOrder(txid);
    } catch (err) {
      const policy = errorPolicy(err);
      if (policy === 'stop') throw err;
      if (policy === 'retry') this.lastProblem = errorMessage(err);
    }
  }

  /** A fill of a position the exchange margins (a spot margin position, a perpetual's): its financing comes in the ledger. */
  private isMarginFill(f: Pick<Fill, 'symbol' | 'side' | 'effect' | 'leverage'>): boolean {
    const opening = f.effect === 'open' || f.effect === 'increase';
    return !isCoinHolding({ side: (f.side === 'buy') === opening ? 'long' : 'short', leverage: f.leverage }, this.options.markets.get(f.symbol));
  }

  /** A BookProblem is a broken invariant: stop, with what the exchange said. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof BookProblem) {
        throw new FatalError(`live books cannot explain the exchange: ${err.message}`, {
          hint: 'stop the daemon, compare the account on the exchange with `bot status`, and restart (start-up reconciliation reports the difference)',
        });
      }
      throw err;
    }
  }
}

/** Why the exchange refused an order, in words the decision log can carry. */
function refusalReason(r: OrderRequest, err: unknown): string {
  const said = errorMessage(err);
  // Kraken spot says EOrder:Post only order, Kraken Futures postWouldExecute.
  const code = /EOrder:Post only order|postWouldExecute/.exec(said)?.[0];
  if (code === undefined) return said;
  return `post-only ${r.side} limit at ${r.limitPrice} would have taken liquidity, so the exchange refused it (${code}); it is not sent again, the next bar decides anew`;
}
