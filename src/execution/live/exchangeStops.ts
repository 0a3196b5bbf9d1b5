import type { Symbol } from '../../domain/bar.js';
import type { OrderRequest, OrderState } from '../../domain/order.js';
import type { Position } from '../../domain/position.js';
import { roundPrice } from '../priceRounding.js';
import { isCoinHolding } from './coinHolding.js';
import type { LiveBook } from './liveBook.js';
import { exchangeStop, isExchangeStopId, type StopMode } from './protectiveStops.js';
import type { TradingMarket } from './tradingApi.js';

export interface ExchangeStopDeps {
  readonly book: LiveBook;
  /** Journal and send one order (a stop-loss at `stopPrice`), as the venue sends every order. */
  send(order: OrderRequest, stopPrice: number): Promise<OrderState>;
  /** Cancel on the exchange; an order already gone is not an error. */
  cancel(txid: string): Promise<void>;
  /** Order states to hand to the engine with the next step. */
  record(state: OrderState): void;
  market(symbol: Symbol): TradingMarket;
  mode(symbol: Symbol): StopMode;
  now(): number;
}

/** The position an exchange stop order protects: its id is `<position>:xstop@<time>`. */
function positionOf(stopId: string): string {
  return stopId.slice(0, stopId.lastIndexOf(':xstop@'));
}

function placedAt(stopId: string | undefined): number {
  return stopId === undefined ? 0 : Number(stopId.slice(stopId.lastIndexOf('@') + 1)) || 0;
}

/**
 * Each position in exchange mode keeps exactly one stop-loss order on the exchange, at its stop price
 * and size: reduce-only for a margin position, a plain sell of the coins for a spot holding. A margin
 * position's moved stop is a new order first, the old one cancelled after: never a moment without one.
 * A spot holding's coins are reserved by its stop order, so the old one goes first there, and a sell of
 * the coins (a close, a reduction) releases it: while that sell is pending the holding has no stop on the
 * exchange. A position that closed takes its stop order with it. If the exchange refuses the stop, the
 * position falls back to the daemon's bar-by-bar check.
 */
export class ExchangeStops {
  /** Trigger prices by stop order id, as sent or read back from the exchange. */
  private readonly triggers = new Map<string, number>();
  private readonly retiring = new Set<string>();
  private readonly fallback = new Set<string>();

  constructor(private readonly deps: ExchangeStopDeps) {}

  noteTrigger(stopId: string, price: number): void {
    if (isExchangeStopId(stopId) && price > 0) this.triggers.set(stopId, price);
  }

  /** The stop order standing for `p` on the exchange (the newest, with a txid), if any. */
  live(p: Position): string | undefined {
    return this.deps.book
      .openOrders()
      .map((o) => o.request.clientOrderId)
      .filter((id) => id.startsWith(`${p.id}:xstop@`) && !this.retiring.has(id) && this.deps.book.txidOf(id) !== undefined)
      .sort((a, b) => placedAt(a) - placedAt(b))
      .at(-1);
  }

  async keep(p: Position): Promise<void> {
    const { book } = this.deps;
    if (this.deps.mode(p.symbol) !== 'exchange' || p.stopPrice === undefined || this.fallback.has(p.id)) return;
    const wanted = roundPrice(p.stopPrice, this.deps.market(p.symbol).pricePrecision);
    const current = this.live(p);
    if (current !== undefined) await this.retireSuperseded(p, current);
    const state = current === undefined ? undefined : book.order(current);
    if (current !== undefined && state && this.triggers.get(current) === wanted && state.request.quantity === p.quantity) return;
    // A close of the position already on its way needs no stop behind it.
    if (book.openOrders().some((o) => o.request.symbol === p.symbol && o.request.reduceOnly && !isExchangeStopId(o.request.clientOrderId))) return;
    const spot = isCoinHolding(p, this.deps.market(p.symbol));
    if (spot && current !== undefined) await this.retire(current);
    const placed = await this.deps.send(exchangeStop(p, Math.max(this.deps.now(), placedAt(current) + 1), wanted), wanted);
    this.deps.record(placed);
    if (placed.status === 'rejected') this.fallback.add(p.id);
    if (!spot && current !== undefined && placed.status === 'open' && book.txidOf(placed.request.clientOrderId) !== undefined) await this.retire(current);
  }

  /** Cancel the stop orders of `p` on the exchange: the coins they hold are about to be sold. */
  async release(p: Position): Promise<void> {
    for (const o of this.deps.book.openOrders()) {
      const id = o.request.clientOrderId;
      if (id.startsWith(`${p.id}:xstop@`) && !this.retiring.has(id)) await this.retire(id);
    }
  }

  /** Cancel the stop orders of positions that are gone. */
  async retireOrphans(): Promise<void> {
    const held = new Set(this.deps.book.positionList().map((p) => p.id));
    for (const o of this.deps.book.openOrders()) {
      const id = o.request.clientOrderId;
      if (isExchangeStopId(id) && !held.has(positionOf(id)) && !this.retiring.has(id)) await this.retire(id);
    }
  }

  /** Other stop orders of `p` on the exchange (one whose answer was lost, booked late): cancelled, one stop stays. */
  private async retireSuperseded(p: Position, live: string): Promise<void> {
    for (const o of this.deps.book.openOrders()) {
      const id = o.request.clientOrderId;
      if (id !== live && id.startsWith(`${p.id}:xstop@`) && !this.retiring.has(id) && this.deps.book.txidOf(id) !== undefined) await this.retire(id);
    }
  }

  private async retire(id: string): Promise<void> {
    const txid = this.deps.book.txidOf(id);
    if (txid === undefined) return;
    this.retiring.add(id);
    await this.deps.cancel(txid);
  }
}
