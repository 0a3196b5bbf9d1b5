import type { Bar, Symbol } from '../domain/bar.js';
import type { MarketInfo } from '../domain/market.js';
import type { Approved, Liquidity, OrderRequest, OrderState } from '../domain/order.js';
import type { Position } from '../domain/position.js';
import type { AccountSnapshot, ClosedPosition, Protection, Venue, VenueEvents } from '../domain/ports.js';
import type { FinancingCharge } from '../domain/financing.js';
import type { Fill } from '../domain/fill.js';
import { FatalError, UserError } from '../internal/errors.js';
import { isBeyondLiquidation, marketLiquidation } from './liquidationPrice.js';
import { PositionLedger, positionSideOf, type Booked, type ClosingEffect, type FinancingSchedule, type FundingSchedule } from './ledger/index.js';
import { matchOrder } from './orderMatch.js';
import { cancelledOrder, closingSide, copyOrder, filledOrder, openOrder, protectiveOrder, rejectedOrder } from './orderStates.js';
import { protectiveExit, type ProtectiveExit } from './protectiveExit.js';
import { refusalOf, type SubmitContext } from './submitChecks.js';

export { equityOf, type AccountEquity } from './equityOf.js';

export interface SimulatedVenueOptions {
  readonly markets: ReadonlyMap<Symbol, MarketInfo>;
  /** Fee rates as fractions of notional. */
  readonly fees: { readonly maker: number; readonly taker: number };
  /** Market and stop fills are this many basis points worse than the price they trigger at. */
  readonly slippageBps: number;
  /** Fraction of notional, for markets without a margin schedule of their own (perpetuals have one); see liquidationPrice.ts. */
  readonly maintenanceMarginRate: number;
  /** What the store persisted, so a restarted daemon continues where it was. Without it the account is empty. */
  readonly state?: AccountSnapshot;
  /** Kraken spot margin's opening and rollover fees (see ledger/financing.ts); absent: no financing. */
  readonly financing?: FinancingSchedule;
  /** A perpetual's funding (see ledger/funding.ts); absent: none. */
  readonly funding?: FundingSchedule;
  /** Bar duration: a rollover or funding falls in the bar that closes at or after it. Required with either. */
  readonly barMs?: number;
  /** Open time of the last bar matched per symbol before a restart (the store's cursors). */
  readonly lastBars?: ReadonlyMap<Symbol, number>;
}

interface StepEvents {
  readonly fills: Fill[];
  readonly orders: Map<string, OrderState>;
  readonly closed: ClosedPosition[];
  readonly charges: FinancingCharge[];
}

const newEvents = (): StepEvents => ({ fills: [], orders: new Map(), closed: [], charges: [] });

/** A bar where nothing happened, most of them: one shared answer, nothing allocated (readers only read it). */
const NO_EVENTS: VenueEvents = Object.freeze({
  fills: Object.freeze([]),
  orders: Object.freeze([]),
  closedPositions: Object.freeze([]),
  charges: Object.freeze([]),
});

const EXIT_SUFFIX: Record<ProtectiveExit['effect'], string> = { stop: 'stop', take_profit: 'tp', liquidation: 'liq' };

/**
 * The one matching engine of paper trading and backtests: isolated margin, one position per symbol (an
 * order on its side adds to it), orders rest until a later bar and are matched against whole closed bars,
 * deterministically. Positions, cash and financing are kept by the position ledger every venue shares.
 */
export class SimulatedVenue implements Venue {
  readonly kind = 'simulated' as const;
  private readonly ledger: PositionLedger;
  /** Every order seen, by client id: a resubmission returns the existing state, never a second order. */
  private readonly orders = new Map<string, OrderState>();
  /** Open orders, in submission order (the order they are matched in). */
  private readonly resting = new Map<string, OrderState>();
  /** Reduce-only order -> the position it was sent to reduce; it must never touch a later one. */
  private readonly reduces = new Map<string, string>();
  /** Ids of positions restored from the store: their opening orders are not otherwise known. */
  private readonly restoredPositionIds = new Set<string>();
  private readonly lastClose = new Map<Symbol, number>();
  private readonly lastBarTime = new Map<Symbol, number>();
  private events = newEvents();
  /** The account as of the last change of the books; undefined once they changed. */
  private books: AccountSnapshot | undefined;
  /** Opening orders accepted before any price was known: their minimum cost is checked at the fill. */
  private readonly minCostAtFill = new Set<string>();

  constructor(private readonly options: SimulatedVenueOptions) {
    const { fees, slippageBps, maintenanceMarginRate: mmr } = options;
    for (const [key, v] of [
      ['fees.maker', fees.maker],
      ['fees.taker', fees.taker],
      ['slippageBps', slippageBps],
      ['maintenanceMarginRate', mmr],
    ] as const) {
      if (!Number.isFinite(v) || v < 0) throw new UserError(`simulated venue: ${key} must be a number >= 0, got ${v}`, { hint: `fix ${key} in the config` });
    }
    const barMs = options.barMs;
    if ((options.financing || options.funding) && !(barMs !== undefined && barMs > 0)) {
      throw new FatalError('simulated venue: financing and funding need the bar duration (barMs) to know when a charge falls due');
    }
    const state = options.state;
    const cash = state?.cash ?? 0;
    // Financing can take cash below zero (it is owed whatever is free); nothing else can.
    if (!Number.isFinite(cash)) throw new FatalError(`restored cash ${cash} is not a number: the store is inconsistent`);
    for (const p of state?.positions ?? []) {
      this.knownMarket(p.symbol, `position ${p.id}`);
      this.restoredPositionIds.add(p.id);
    }
    for (const [symbol, time] of options.lastBars ?? []) if (options.markets.has(symbol)) this.lastBarTime.set(symbol, time);
    this.ledger = new PositionLedger({
      cash,
      positions: state?.positions ?? [],
      markets: options.markets,
      liquidation: marketLiquidation(options.markets, mmr),
      ...(options.financing && { financing: options.financing }),
      ...(options.funding && { funding: options.funding }),
      ...(barMs !== undefined && { accruedTo: new Map([...this.lastBarTime].map(([symbol, time]) => [symbol, time + barMs])) }),
      refuseOverdraft: true,
      problem: (message) => new FatalError(message),
    });
    for (const o of state?.openOrders ?? []) {
      this.knownMarket(o.request.symbol, `open order ${o.request.clientOrderId}`);
      if (o.status !== 'open') throw new FatalError(`order ${o.request.clientOrderId} restored as open has status ${o.status}`);
      const copy = copyOrder(o);
      this.orders.set(o.request.clientOrderId, copy);
      this.resting.set(o.request.clientOrderId, copy);
      const p = this.ledger.position(o.request.symbol);
      if (o.request.reduceOnly && p && closingSide(p.side) === o.request.side) this.reduces.set(o.request.clientOrderId, p.id);
    }
  }

  account(): AccountSnapshot {
    return this.snapshot();
  }

  /**
   * Cash, the open positions (values the ledger never edits) and copies of the open orders: exactly what a
   * restart needs. Made again only after the books changed (most bars change nothing); a snapshot handed
   * out is never edited.
   */
  snapshot(): AccountSnapshot {
    this.books ??= {
      cash: this.ledger.cash,
      positions: this.ledger.positions(),
      openOrders: [...this.resting.values()].map(copyOrder),
    };
    return this.books;
  }

  market(symbol: Symbol): MarketInfo {
    return this.knownMarket(symbol, 'market');
  }

  async submit(order: Approved<OrderRequest>): Promise<OrderState> {
    return copyOrder(this.accept(order));
  }

  async cancel(clientOrderId: string, time: number): Promise<OrderState | undefined> {
    const o = this.resting.get(clientOrderId);
    if (!o) {
      const known = this.orders.get(clientOrderId);
      return known && copyOrder(known);
    }
    const cancelled = cancelledOrder(o, time);
    this.record(cancelled);
    return copyOrder(cancelled);
  }

  protect(positionId: string, protection: Protection, _time: number): void {
    this.books = undefined;
    this.ledger.protect(positionId, protection);
  }

  onBar(symbol: Symbol, bar: Bar): VenueEvents {
    const market = this.market(symbol);
    const last = this.lastBarTime.get(symbol);
    if (last !== undefined && bar.time <= last) {
      throw new FatalError(`bar ${bar.time} of ${symbol} came after bar ${last}: each bar is matched once, in time order`);
    }
    this.lastBarTime.set(symbol, bar.time);
    // One set of event lists serves every bar where nothing happens (most of them); lists that are handed
    // out are replaced, and a bar that failed half-way leaves nothing behind for the next.
    const ev = this.events;
    try {
      return this.match(symbol, bar, market, ev);
    } finally {
      // Every change of the books in a bar is one of its events: without any, the snapshot still holds.
      if (ev.fills.length > 0 || ev.orders.size > 0 || ev.closed.length > 0 || ev.charges.length > 0) {
        this.events = newEvents();
        this.books = undefined;
      }
    }
  }

  private match(symbol: Symbol, bar: Bar, market: MarketInfo, ev: StepEvents): VenueEvents {
    // A gap through the liquidation price happened before anything could trade at the open.
    const held = this.ledger.position(symbol);
    if (held && isBeyondLiquidation(held.side, bar.open, held.liquidationPrice))
      this.exit(held, { effect: 'liquidation', price: held.liquidationPrice }, bar, ev);

    // Never on the signal's own bar. Closes first, so a reversal's new entry can use the margin they free.
    if (this.resting.size > 0) {
      const due = [...this.resting.values()].filter((o) => o.request.symbol === symbol && o.request.signalBarTime < bar.time);
      for (const o of due) if (o.request.reduceOnly) this.matchClose(o.request.clientOrderId, bar, ev);
      for (const o of due) if (!o.request.reduceOnly) this.matchOpen(o.request.clientOrderId, bar, market, ev);
    }

    // What happens after the open is intrabar, for a position opened at this bar's open too.
    const p = this.ledger.position(symbol);
    if (p) {
      const start = p.entryTime === bar.time ? p.entryPrice : bar.open;
      const exit = protectiveExit(p, bar, start, this.options.slippageBps, market.pricePrecision);
      if (exit) this.exit(p, exit, bar, ev);
    }

    // Rollovers last: what is still open at the bar's close owes those due by then.
    if (this.options.barMs !== undefined) this.ledger.accrue(symbol, bar, this.options.barMs, ev);
    this.lastClose.set(symbol, bar.close);
    if (ev.fills.length === 0 && ev.orders.size === 0 && ev.closed.length === 0 && ev.charges.length === 0) return NO_EVENTS;
    return { fills: ev.fills, orders: [...ev.orders.values()].map(copyOrder), closedPositions: ev.closed, charges: ev.charges };
  }

  private knownMarket(symbol: Symbol, what: string): MarketInfo {
    const m = this.options.markets.get(symbol);
    if (m) return m;
    const known = [...this.options.markets.keys()].join(', ') || 'none';
    throw new UserError(`${what}: unknown symbol ${symbol} on the simulated venue (known: ${known})`, {
      hint: `add venue.markets.${symbol} to the config`,
    });
  }

  private accept(order: OrderRequest): OrderState {
    const id = order.clientOrderId;
    const seen = this.orders.get(id);
    if (seen) return seen;
    if (this.restoredPositionIds.has(id)) return rejectedOrder(order, `duplicate clientOrderId ${id}: it already opened position ${id}`, order.createdAt);
    const verdict = refusalOf(order, this.submitContext());
    if ('refused' in verdict) {
      const rejected = rejectedOrder(order, verdict.refused, order.createdAt);
      this.orders.set(id, rejected);
      return rejected;
    }
    const accepted = openOrder(verdict.request);
    this.record(accepted);
    if (verdict.minCostAtFill) this.minCostAtFill.add(id);
    const p = this.ledger.position(order.symbol);
    if (order.reduceOnly && p) this.reduces.set(id, p.id);
    return accepted;
  }

  private submitContext(): SubmitContext {
    const financing = this.options.financing;
    return {
      markets: this.options.markets,
      positions: new Map(this.ledger.positions().map((p) => [p.symbol, p])),
      resting: [...this.resting.values()],
      cash: this.ledger.cash,
      lastClose: this.lastClose,
      takerFee: this.options.fees.taker,
      slippageBps: this.options.slippageBps,
      ...(financing && { openingFeeRate: (r: OrderRequest) => this.ledger.openingFeeRate(r, r.leverage) }),
    };
  }

  private matchClose(id: string, bar: Bar, ev: StepEvents): void {
    const o = this.resting.get(id);
    if (!o) return;
    const p = this.ledger.position(o.request.symbol);
    if (!p || p.id !== this.reduces.get(id)) {
      this.record(cancelledOrder(o, bar.time, 'the position it was to reduce closed before it could fill'), ev);
      return;
    }
    const m = matchOrder(o.request, bar, this.options.slippageBps, this.market(p.symbol).pricePrecision);
    if (!m) return;
    if (isBeyondLiquidation(p.side, m.price, p.liquidationPrice)) {
      this.exit(p, { effect: 'liquidation', price: p.liquidationPrice }, bar, ev);
      return;
    }
    const quantity = Math.min(o.request.quantity, p.quantity);
    this.record(filledOrder(o, quantity, m.price, bar.time), ev);
    this.closeFill(p, quantity, m.price, m.liquidity, 'close', id, bar, ev);
  }

  /** An entry: it opens a position, or adds to the one open on its side; against the open side it is refused. */
  private matchOpen(id: string, bar: Bar, market: MarketInfo, ev: StepEvents): void {
    const o = this.resting.get(id);
    if (!o) return;
    const m = matchOrder(o.request, bar, this.options.slippageBps, market.pricePrecision);
    if (!m) return;
    const r = o.request;
    const held = this.ledger.position(r.symbol);
    const notional = r.quantity * m.price;
    const margin = notional / r.leverage;
    const fee = notional * this.options.fees[m.liquidity];
    const financing = notional * this.ledger.openingFeeRate(r, r.leverage);
    const refusal =
      held && held.side !== positionSideOf(r)
        ? `a ${held.side} position on ${r.symbol} was still open when this order would have filled: one position per symbol (reverse with a reduce-only close first)`
        : this.minCostAtFill.has(id) && notional < market.minCost
          ? `order value ${notional} at the fill price ${m.price} below the venue minimum ${market.minCost}`
          : margin + fee + financing > this.ledger.cash
            ? `margin ${margin} + fee ${fee}${financing > 0 ? ` + margin opening fee ${financing}` : ''} at the fill price ${m.price} exceed the free cash ${this.ledger.cash}`
            : undefined;
    this.minCostAtFill.delete(id);
    if (refusal !== undefined) {
      this.record(rejectedOrder(r, refusal, bar.time), ev);
      return;
    }
    this.record(filledOrder(o, r.quantity, m.price, bar.time), ev);
    this.ledger.enter(
      r,
      { fillId: `${id}:fill`, orderId: id, quantity: r.quantity, price: m.price, fee, liquidity: m.liquidity, time: bar.time },
      r.leverage,
      margin,
      ev,
    );
  }

  /** Stop, take-profit or liquidation: the venue closes the whole position on its own order. */
  private exit(p: Position, exit: ProtectiveExit, bar: Bar, ev: StepEvents): void {
    const id = `${p.id}:${EXIT_SUFFIX[exit.effect]}`;
    const type = exit.effect === 'take_profit' ? 'limit' : 'market';
    const level = exit.effect === 'stop' ? p.stopPrice : exit.effect === 'take_profit' ? p.takeProfitPrice : p.liquidationPrice;
    this.record(protectiveOrder(p, id, type, exit.price, bar, `${exit.effect.replace('_', '-')} at ${level}`), ev);
    if (exit.effect === 'liquidation') {
      this.afterClose(this.ledger.liquidate(p, { fillId: `${id}:fill`, orderId: id, price: exit.price, time: bar.time }, ev), bar, ev);
      return;
    }
    this.closeFill(p, p.quantity, exit.price, exit.effect === 'take_profit' ? 'maker' : 'taker', exit.effect, id, bar, ev);
  }

  private closeFill(
    p: Position,
    quantity: number,
    price: number,
    liquidity: Liquidity,
    effect: ClosingEffect,
    orderId: string,
    bar: Bar,
    ev: StepEvents,
  ): void {
    const fee = quantity * price * this.options.fees[liquidity];
    this.afterClose(this.ledger.reduce(p, { fillId: `${orderId}:fill`, orderId, quantity, price, fee, liquidity, time: bar.time }, effect, ev), bar, ev);
  }

  /** A position that closed takes the reduce-only orders sent to reduce it along. */
  private afterClose({ closed }: Booked, bar: Bar, ev: StepEvents): void {
    if (!closed) return;
    const id = closed.position.id;
    for (const [orderId, positionId] of this.reduces) {
      const o = this.resting.get(orderId);
      if (positionId === id && o) this.record(cancelledOrder(o, bar.time, `position ${id} closed (${closed.exitReason})`), ev);
    }
  }

  private record(s: OrderState, ev?: StepEvents): void {
    this.books = undefined;
    const id = s.request.clientOrderId;
    this.orders.set(id, s);
    if (s.status === 'open') this.resting.set(id, s);
    else {
      this.resting.delete(id);
      this.reduces.delete(id);
    }
    ev?.orders.set(id, s);
  }
}
