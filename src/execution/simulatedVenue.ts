import type { Bar, Symbol } from '../domain/bar.js';
import { impliedCashDelta, type Fill, type FillEffect } from '../domain/fill.js';
import type { MarketInfo } from '../domain/market.js';
import type { Approved, Liquidity, OrderRequest, OrderState } from '../domain/order.js';
import { positionSign, type Position } from '../domain/position.js';
import type { AccountSnapshot, ClosedPosition, Protection, Venue, VenueEvents } from '../domain/ports.js';
import { FatalError, UserError } from '../internal/errors.js';
import { isBeyondLiquidation, liquidationPrice } from './liquidationPrice.js';
import { matchOrder } from './orderMatch.js';
import { protectionProblem, withProtection } from './withProtection.js';
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
  /** Fraction of notional; see liquidationPrice.ts. */
  readonly maintenanceMarginRate: number;
  /** What the store persisted, so a restarted daemon continues where it was. Without it the account is empty. */
  readonly state?: AccountSnapshot;
}

interface StepEvents {
  readonly fills: Fill[];
  readonly orders: Map<string, OrderState>;
  readonly closed: ClosedPosition[];
}

const EXIT_SUFFIX: Record<ProtectiveExit['effect'], string> = { stop: 'stop', take_profit: 'tp', liquidation: 'liq' };

/**
 * The one matching engine of paper trading and backtests: isolated margin, one position per symbol,
 * orders rest until a later bar and are matched against whole closed bars, deterministically.
 */
export class SimulatedVenue implements Venue {
  readonly kind = 'simulated' as const;
  private cash: number;
  private readonly positions = new Map<Symbol, Position>();
  /** Every order seen, by client id: a resubmission returns the existing state, never a second order. */
  private readonly orders = new Map<string, OrderState>();
  /** Open orders, in submission order (the order they are matched in). */
  private readonly resting = new Map<string, OrderState>();
  /** Reduce-only order -> the position it was sent to reduce; it must never touch a later one. */
  private readonly reduces = new Map<string, string>();
  /** Realised P&L of partial closes, per open position, for its ClosedPosition. */
  private readonly realized = new Map<string, number>();
  /** Ids of positions restored from the store: their opening orders are not otherwise known. */
  private readonly restoredPositionIds = new Set<string>();
  private readonly lastClose = new Map<Symbol, number>();
  private readonly lastBarTime = new Map<Symbol, number>();
  /** Opening orders accepted before any price was known: their minimum cost is checked at the fill. */
  private readonly minCostAtFill = new Set<string>();

  constructor(private readonly options: SimulatedVenueOptions) {
    const { fees, slippageBps, maintenanceMarginRate: mmr } = options;
    for (const [key, v] of [['fees.maker', fees.maker], ['fees.taker', fees.taker], ['slippageBps', slippageBps], ['maintenanceMarginRate', mmr]] as const) {
      if (!Number.isFinite(v) || v < 0) throw new UserError(`simulated venue: ${key} must be a number >= 0, got ${v}`, { hint: `fix ${key} in the config` });
    }
    const state = options.state;
    this.cash = state?.cash ?? 0;
    if (!Number.isFinite(this.cash) || this.cash < 0) throw new FatalError(`restored cash ${this.cash} is not a number >= 0: the store is inconsistent`);
    for (const p of state?.positions ?? []) {
      this.knownMarket(p.symbol, `position ${p.id}`);
      if (this.positions.has(p.symbol)) throw new FatalError(`two open positions on ${p.symbol} in the store (${p.id}): one position per symbol`);
      this.positions.set(p.symbol, { ...p });
      this.restoredPositionIds.add(p.id);
    }
    for (const o of state?.openOrders ?? []) {
      this.knownMarket(o.request.symbol, `open order ${o.request.clientOrderId}`);
      if (o.status !== 'open') throw new FatalError(`order ${o.request.clientOrderId} restored as open has status ${o.status}`);
      const copy = copyOrder(o);
      this.orders.set(o.request.clientOrderId, copy);
      this.resting.set(o.request.clientOrderId, copy);
      const p = this.positions.get(o.request.symbol);
      if (o.request.reduceOnly && p && closingSide(p.side) === o.request.side) this.reduces.set(o.request.clientOrderId, p.id);
    }
  }

  account(): AccountSnapshot {
    return this.snapshot();
  }

  /** Copies of cash, open positions and open orders: exactly what a restart needs. */
  snapshot(): AccountSnapshot {
    return {
      cash: this.cash,
      positions: [...this.positions.values()].map((p) => ({ ...p })),
      openOrders: [...this.resting.values()].map(copyOrder),
    };
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

  async protect(positionId: string, protection: Protection, _time: number): Promise<void> {
    const p = [...this.positions.values()].find((x) => x.id === positionId);
    if (!p) throw new FatalError(`protect: no open position ${positionId} on the simulated venue`);
    const problem = protectionProblem(positionId, protection);
    if (problem) throw new FatalError(problem);
    this.positions.set(p.symbol, withProtection(p, protection));
  }

  async onBar(symbol: Symbol, bar: Bar): Promise<VenueEvents> {
    const market = this.market(symbol);
    const last = this.lastBarTime.get(symbol);
    if (last !== undefined && bar.time <= last) {
      throw new FatalError(`bar ${bar.time} of ${symbol} came after bar ${last}: each bar is matched once, in time order`);
    }
    this.lastBarTime.set(symbol, bar.time);
    const ev: StepEvents = { fills: [], orders: new Map(), closed: [] };

    // A gap through the liquidation price happened before anything could trade at the open.
    const held = this.positions.get(symbol);
    if (held && isBeyondLiquidation(held.side, bar.open, held.liquidationPrice)) this.exit(held, { effect: 'liquidation', price: held.liquidationPrice }, bar, ev);

    // Never on the signal's own bar. Closes first, so a reversal's new entry can use the margin they free.
    const due = [...this.resting.values()].filter((o) => o.request.symbol === symbol && o.request.signalBarTime < bar.time);
    for (const o of due) if (o.request.reduceOnly) this.matchClose(o.request.clientOrderId, bar, ev);
    for (const o of due) if (!o.request.reduceOnly) this.matchOpen(o.request.clientOrderId, bar, market, ev);

    // What happens after the open is intrabar, for a position opened at this bar's open too.
    const p = this.positions.get(symbol);
    if (p) {
      const start = p.entryTime === bar.time ? p.entryPrice : bar.open;
      const exit = protectiveExit(p, bar, start, this.options.slippageBps, market.pricePrecision);
      if (exit) this.exit(p, exit, bar, ev);
    }

    this.lastClose.set(symbol, bar.close);
    return { fills: ev.fills, orders: [...ev.orders.values()].map(copyOrder), closedPositions: ev.closed, charges: [] };
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
    const p = this.positions.get(order.symbol);
    if (order.reduceOnly && p) this.reduces.set(id, p.id);
    return accepted;
  }

  private submitContext(): SubmitContext {
    return {
      markets: this.options.markets,
      positions: this.positions,
      resting: [...this.resting.values()],
      cash: this.cash,
      lastClose: this.lastClose,
      takerFee: this.options.fees.taker,
      slippageBps: this.options.slippageBps,
    };
  }

  private matchClose(id: string, bar: Bar, ev: StepEvents): void {
    const o = this.resting.get(id);
    if (!o) return;
    const p = this.positions.get(o.request.symbol);
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

  private matchOpen(id: string, bar: Bar, market: MarketInfo, ev: StepEvents): void {
    const o = this.resting.get(id);
    if (!o) return;
    const m = matchOrder(o.request, bar, this.options.slippageBps, market.pricePrecision);
    if (!m) return;
    const r = o.request;
    const held = this.positions.get(r.symbol);
    const notional = r.quantity * m.price;
    const margin = notional / r.leverage;
    const fee = notional * this.options.fees[m.liquidity];
    const refusal = held
      ? `a ${held.side} position on ${r.symbol} was still open when this order would have filled: one position per symbol`
      : this.minCostAtFill.has(id) && notional < market.minCost
        ? `order value ${notional} at the fill price ${m.price} below the venue minimum ${market.minCost}`
        : margin + fee > this.cash
          ? `margin ${margin} + fee ${fee} at the fill price ${m.price} exceed the free cash ${this.cash}`
          : undefined;
    this.minCostAtFill.delete(id);
    if (refusal !== undefined) {
      this.record(rejectedOrder(r, refusal, bar.time), ev);
      return;
    }

    const side = r.side === 'buy' ? 'long' : 'short';
    const sign = positionSign(side);
    const position: Position = {
      id,
      symbol: r.symbol,
      side,
      quantity: r.quantity,
      entryPrice: m.price,
      entryTime: bar.time,
      leverage: r.leverage,
      margin,
      liquidationPrice: liquidationPrice(side, m.price, r.leverage, this.options.maintenanceMarginRate),
      ...(r.stopDistance !== undefined && { stopPrice: m.price - sign * r.stopDistance }),
      ...(r.takeProfitDistance !== undefined && { takeProfitPrice: m.price + sign * r.takeProfitDistance }),
      atr: r.atr ?? r.stopDistance ?? 0,
      peakPrice: m.price,
      trailing: false,
    };
    this.positions.set(r.symbol, position);
    this.record(filledOrder(o, r.quantity, m.price, bar.time), ev);
    this.book(
      { id: `${id}:fill`, clientOrderId: id, positionId: id, symbol: r.symbol, side: r.side, quantity: r.quantity, price: m.price, fee, liquidity: m.liquidity, time: bar.time, effect: 'open', leverage: r.leverage, margin, realizedPnl: 0 },
      ev,
    );
  }

  /** Stop, take-profit or liquidation: the venue closes the whole position on its own order. */
  private exit(p: Position, exit: ProtectiveExit, bar: Bar, ev: StepEvents): void {
    const id = `${p.id}:${EXIT_SUFFIX[exit.effect]}`;
    const type = exit.effect === 'take_profit' ? 'limit' : 'market';
    const level = exit.effect === 'stop' ? p.stopPrice : exit.effect === 'take_profit' ? p.takeProfitPrice : p.liquidationPrice;
    this.record(protectiveOrder(p, id, type, exit.price, bar, `${exit.effect.replace('_', '-')} at ${level}`), ev);
    const liquidity: Liquidity = exit.effect === 'take_profit' ? 'maker' : 'taker';
    this.closeFill(p, p.quantity, exit.price, liquidity, exit.effect, id, bar, ev);
  }

  private closeFill(p: Position, quantity: number, price: number, liquidity: Liquidity, effect: FillEffect, orderId: string, bar: Bar, ev: StepEvents): void {
    const amountPrecision = this.market(p.symbol).amountPrecision;
    const remaining = Number((p.quantity - quantity).toFixed(amountPrecision));
    const full = remaining <= 0;
    const margin = full ? p.margin : (p.margin * quantity) / p.quantity;
    const realizedPnl = positionSign(p.side) * (price - p.entryPrice) * quantity;
    // Isolated margin: a liquidation forfeits the whole margin; what the loss did not take goes to the exchange.
    const fee = effect === 'liquidation' ? margin + realizedPnl : quantity * price * this.options.fees[liquidity];
    this.book(
      { id: `${orderId}:fill`, clientOrderId: orderId, positionId: p.id, symbol: p.symbol, side: closingSide(p.side), quantity, price, fee, liquidity, time: bar.time, effect, leverage: p.leverage, margin, realizedPnl },
      ev,
    );
    const total = (this.realized.get(p.id) ?? 0) + realizedPnl;
    if (!full) {
      this.positions.set(p.symbol, { ...p, quantity: remaining, margin: p.margin - margin });
      this.realized.set(p.id, total);
      return;
    }
    this.positions.delete(p.symbol);
    this.realized.delete(p.id);
    ev.closed.push({ position: { ...p }, exitPrice: price, exitTime: bar.time, exitReason: effect, realizedPnl: total });
    for (const [orderId2, positionId] of this.reduces) {
      const o = this.resting.get(orderId2);
      if (positionId === p.id && o) this.record(cancelledOrder(o, bar.time, `position ${p.id} closed (${effect})`), ev);
    }
  }

  /** Cash moves by exactly the fill's cashDelta, derived from its other fields as the domain defines it. */
  private book(f: Omit<Fill, 'cashDelta'>, ev: StepEvents): void {
    const fill: Fill = { ...f, cashDelta: impliedCashDelta(f) };
    const cash = this.cash + fill.cashDelta;
    if (!(cash >= 0)) throw new FatalError(`fill ${fill.id} would take cash to ${cash}: the simulated venue let an order through that it must have refused`);
    this.cash = cash;
    ev.fills.push(fill);
  }

  private record(s: OrderState, ev?: StepEvents): void {
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
