import type { Symbol } from '../../domain/bar.js';
import type { FinancingCharge } from '../../domain/financing.js';
import { isOpening, type Fill } from '../../domain/fill.js';
import type { MarketInfo } from '../../domain/market.js';
import type { OrderRequest, OrderState } from '../../domain/order.js';
import type { Position } from '../../domain/position.js';
import type { AccountSnapshot, ClosedPosition, Protection } from '../../domain/ports.js';
import { isOnMargin, PositionLedger, positionSideOf, type ClosingEffect, type Execution } from '../ledger/index.js';
import { marketLiquidation } from '../liquidationPrice.js';
import { closingSide, copyOrder } from '../orderStates.js';
import { exchangeClientId } from './clientOrderId.js';
import { isCoinHolding } from './coinHolding.js';
import type { ExchangeLedgerEntry, ExchangeOrder, ExchangeTrade } from './tradingApi.js';

/** What an order is for; decides the effect of its closing fills. */
export type OrderPurpose = 'open' | 'close' | 'stop' | 'take_profit';

/**
 * Ids the live venue gives its own protective orders: `<position>:stop@<bar>`, `<position>:xstop@<time>`,
 * `<position>:tp@<bar>`, and `r<n>` after the bar for a later attempt at the same close.
 */
export function purposeOf(request: Pick<OrderRequest, 'clientOrderId' | 'reduceOnly'>): OrderPurpose {
  if (!request.reduceOnly) return 'open';
  if (/:x?stop@\d+(?:r\d+)?$/.test(request.clientOrderId)) return 'stop';
  if (/:tp@\d+(?:r\d+)?$/.test(request.clientOrderId)) return 'take_profit';
  return 'close';
}

/** Everything a sync or a reconciliation changed, in the shape the engine persists. */
export interface BookEvents {
  readonly fills: Fill[];
  readonly orders: Map<string, OrderState>;
  readonly closed: ClosedPosition[];
  /** Margin opening and rollover fees the exchange's ledger showed. */
  readonly charges: FinancingCharge[];
}

export function noEvents(): BookEvents {
  return { fills: [], orders: new Map(), closed: [], charges: [] };
}

interface Tracked {
  state: OrderState;
  readonly exchangeClientId: string;
  txid: string | undefined;
  bookedQuantity: number;
  bookedNotional: number;
}

export interface BookInit {
  readonly cash: number;
  readonly positions: readonly Position[];
  /** Orders not final yet (open, or journaled and unresolved, shown as open). */
  readonly orders: readonly OrderState[];
  /** Ids of fills already booked (the exchange's trade ids). */
  readonly fillIds: Iterable<string>;
  readonly markets: ReadonlyMap<Symbol, MarketInfo>;
  readonly maintenanceMarginRate: number;
  /** The fills booked before (the store's): a ledger entry about one of their trades finds its position there. */
  readonly fills?: readonly Fill[];
  /** Financing charges already booked (ids), so that a ledger entry read again is not booked twice. */
  readonly chargeIds?: Iterable<string>;
}

/** What became of a ledger entry: booked as a charge, nothing to book, or its trade is not booked yet. */
export type LedgerOutcome = 'booked' | 'nothing' | 'unknown trade';

/** The charge id of a ledger entry: one charge per entry, whenever and however often it is read. */
export function ledgerChargeId(entryId: string): string {
  return `ledger:${entryId}`;
}

const EPS = 1e-9;

/**
 * The live account as the engine models it, kept from the exchange's fills: one position per symbol,
 * booked by the position ledger the simulated venue uses, so cash moves by each fill's cashDelta exactly
 * as there (opening: −margin − fee; closing: +margin + realised P&L − fee), and by each financing charge
 * the exchange's ledger shows. A leverage-1 long is a coin holding (its "margin" is what the coins cost);
 * everything else is a Kraken margin position, whose margin Kraken posts apart while settling only fees
 * and realised P&L in the quote. So at any time: quote balance = cash + margin of the margin positions,
 * and each coin's balance = what the spot positions hold (each plus what the account held apart from
 * the bot, a constant). Pure: no I/O; the venue and the start-up reconciliation feed it.
 */
export class LiveBook {
  private readonly ledger: PositionLedger;
  private readonly orders = new Map<string, Tracked>();
  private readonly byTxid = new Map<string, string>();
  private readonly byExchangeId = new Map<string, string>();
  private readonly fillIds: Set<string>;
  /** Fills by the exchange's trade id, for the ledger entries that refer to them. */
  private readonly fills = new Map<string, Fill>();
  private readonly chargeIds: Set<string>;

  constructor(private readonly init: BookInit) {
    this.ledger = new PositionLedger({
      cash: init.cash,
      positions: init.positions,
      markets: init.markets,
      // As the simulated venue: a perpetual by its margin schedule, spot margin by the linear rule at the flat rate.
      liquidation: marketLiquidation(init.markets, init.maintenanceMarginRate),
      problem: (message) => new BookProblem(message),
    });
    this.fillIds = new Set(init.fillIds);
    for (const f of init.fills ?? []) this.fills.set(f.id, f);
    this.chargeIds = new Set(init.chargeIds);
    for (const o of init.orders) this.track(o);
  }

  get cash(): number {
    return this.ledger.cash;
  }

  /** Follow an order from now on; its state changes come from the exchange's answers. */
  track(state: OrderState): void {
    const id = state.request.clientOrderId;
    const xid = exchangeClientId(id);
    const tracked: Tracked = {
      state: copyOrder(state),
      exchangeClientId: xid,
      txid: state.venueOrderId && state.venueOrderId !== id ? state.venueOrderId : undefined,
      bookedQuantity: state.filledQuantity,
      bookedNotional: state.filledQuantity * (state.averagePrice ?? 0),
    };
    this.orders.set(id, tracked);
    this.byExchangeId.set(xid, id);
    if (tracked.txid) this.byTxid.set(tracked.txid, id);
  }

  /** The exchange's id of a tracked order became known. */
  setTxid(clientOrderId: string, txid: string): void {
    const t = this.orders.get(clientOrderId);
    if (!t) throw new BookProblem(`order ${clientOrderId} is not tracked`);
    const other = this.byTxid.get(txid);
    if (other !== undefined && other !== clientOrderId) throw new BookProblem(`exchange order ${txid} claimed by ${other} and ${clientOrderId}`);
    t.txid = txid;
    t.state = { ...t.state, venueOrderId: txid };
    this.byTxid.set(txid, clientOrderId);
  }

  /** Replace an order's state (a rejection, an order the exchange never booked). */
  setState(state: OrderState, ev: BookEvents): void {
    const t = this.orders.get(state.request.clientOrderId);
    if (!t) throw new BookProblem(`order ${state.request.clientOrderId} is not tracked`);
    t.state = copyOrder(state);
    ev.orders.set(state.request.clientOrderId, copyOrder(state));
  }

  order(clientOrderId: string): OrderState | undefined {
    const t = this.orders.get(clientOrderId);
    return t && copyOrder(t.state);
  }

  txidOf(clientOrderId: string): string | undefined {
    return this.orders.get(clientOrderId)?.txid;
  }

  exchangeIdOf(clientOrderId: string): string | undefined {
    return this.orders.get(clientOrderId)?.exchangeClientId;
  }

  byExchangeClientId(id: string): string | undefined {
    return this.byExchangeId.get(id);
  }

  byExchangeTxid(txid: string): string | undefined {
    return this.byTxid.get(txid);
  }

  /**
   * The tracked order an exchange cl_ord_id belongs to. An order of the bot the book no longer follows
   * (written off as never booked, or final before a restart) is followed again from the journal's
   * record of it: a trade under its id is the bot's, and the exchange's word wins.
   */
  claim(exchangeClientId: string, journaled: (exchangeClientId: string) => OrderState | undefined): string | undefined {
    const known = this.byExchangeId.get(exchangeClientId);
    if (known !== undefined) return known;
    const state = journaled(exchangeClientId);
    if (!state) return undefined;
    const { rejectReason: _gone, ...rest } = state;
    this.track({ ...rest, status: 'open' });
    return state.request.clientOrderId;
  }

  hasFill(id: string): boolean {
    return this.fillIds.has(id);
  }

  /** Orders still open for the engine (including ones whose fate is not known yet). */
  openOrders(): OrderState[] {
    return [...this.orders.values()].filter((t) => t.state.status === 'open').map((t) => copyOrder(t.state));
  }

  /** Open orders not yet matched to an exchange order (journaled, answer lost). */
  withoutTxid(): string[] {
    return [...this.orders.entries()].filter(([, t]) => t.state.status === 'open' && t.txid === undefined).map(([id]) => id);
  }

  /** Open orders with a known exchange id. */
  openTxids(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [id, t] of this.orders) if (t.state.status === 'open' && t.txid !== undefined) out.set(t.txid, id);
    return out;
  }

  position(symbol: Symbol): Position | undefined {
    const p = this.ledger.position(symbol);
    return p && { ...p };
  }

  positionList(): Position[] {
    return this.ledger.positions();
  }

  snapshot(): AccountSnapshot {
    return { cash: this.ledger.cash, positions: this.positionList(), openOrders: this.openOrders() };
  }

  protect(positionId: string, protection: Protection): void {
    this.ledger.protect(positionId, protection);
  }

  /** Whether any open position borrows (a margin position: its rollovers come in the ledger). */
  onMargin(): boolean {
    return this.ledger.positions().some((p) => !isCoinHolding(p, this.init.markets.get(p.symbol)));
  }

  /**
   * Book what one entry of the exchange's ledger charged, once (its id makes the charge's): a rollover
   * (refid: the margin position, i.e. its opening trade) is a charge of the position that trade opened or
   * added to; a 'margin' entry of an opening trade holds the trade's fee and the margin opening fee
   * together, so the opening fee is what it holds beyond the fee the trade itself reported. Other entries
   * (trades, a close's 'margin' entry with its profit and fee) are already in the fills. The charge's base
   * is the value of that trade, and its rate what the exchange took of it. An entry whose trade is not
   * booked (yet) is left for the caller: the trade may come with the next sync, or not be the bot's.
   */
  bookFinancing(e: ExchangeLedgerEntry, ev: BookEvents): LedgerOutcome {
    const id = ledgerChargeId(e.id);
    if (this.chargeIds.has(id)) return 'nothing';
    if (e.type === 'funding') return this.bookFunding(e, id, ev);
    if (e.type !== 'margin' && e.type !== 'rollover') return 'nothing';
    const fill = this.fills.get(e.refid);
    if (!fill) return 'unknown trade';
    const market = this.market(fill.symbol);
    if (e.asset !== market.quote && e.asset !== market.base) {
      throw new BookProblem(`ledger entry ${e.id} (${e.type} of trade ${e.refid}) charged ${e.fee} ${e.asset}, neither ${market.quote} nor ${market.base}`);
    }
    // A fee in the coin lent (a short's, where Kraken charges it so) is valued at the trade's price.
    const fee = e.asset === market.quote ? e.fee : e.fee * fill.price;
    const margin = isOnMargin({ side: fill.side === 'buy' ? 'long' : 'short', leverage: fill.leverage });
    const amount = e.type === 'rollover' ? fee : isOpening(fill.effect) && margin ? fee - fill.fee : 0;
    this.chargeIds.add(id);
    // Half a cent of a fee's last decimal is rounding, not a charge.
    if (!(amount > 5e-5)) return 'nothing';
    const base = fill.quantity * fill.price;
    this.ledger.charge(
      {
        id,
        positionId: fill.positionId,
        symbol: fill.symbol,
        kind: e.type === 'rollover' ? 'rollover' : 'margin_open',
        time: e.time,
        rate: amount / base,
        base,
        amount,
      },
      ev,
    );
    return 'booked';
  }

  /**
   * A perpetual's funding the exchange settled (signed as the account's balance moved: negative when it
   * paid): a charge of the position held on its contract when it settled, the one the latest fill on that
   * symbol at or before then belongs to (Kraken also settles at a close, when the position is gone). The
   * base is that position's value at entry, so the rate is what the settlement came to per unit of it.
   */
  private bookFunding(e: ExchangeLedgerEntry, id: string, ev: BookEvents): LedgerOutcome {
    if (e.symbol === undefined) return 'nothing';
    const market = this.market(e.symbol);
    const last = [...this.fills.values()]
      .filter((f) => f.symbol === e.symbol && f.time <= e.time)
      .sort((a, b) => a.time - b.time)
      .at(-1);
    if (!last) return 'unknown trade';
    if (e.asset !== market.quote) throw new BookProblem(`funding entry ${e.id} on ${e.symbol} settled ${e.amount} ${e.asset}, not ${market.quote}`);
    this.chargeIds.add(id);
    const open = this.ledger.position(e.symbol);
    const base = open && open.id === last.positionId ? open.quantity * open.entryPrice : last.quantity * last.price;
    const amount = -e.amount;
    // The rate as the exchange quotes it (positive when longs pay), as the simulated venue records it.
    const long = (last.side === 'buy') === isOpening(last.effect);
    const rate = base > 0 ? (long ? amount : -amount) / base : 0;
    this.ledger.charge({ id, positionId: last.positionId, symbol: e.symbol, kind: 'funding', time: e.time, rate, base, amount }, ev);
    return 'booked';
  }

  /**
   * Book one exchange fill: a Fill with the simulated venue's cash rules, the position opened, grown,
   * reduced or closed. A fill the book cannot explain (an order it does not know, a close without a
   * position) is a BookProblem: the caller stops or reports, it never guesses.
   */
  book(trade: ExchangeTrade, ev: BookEvents): void {
    if (this.fillIds.has(trade.id)) return;
    if (trade.liquidation) {
      this.bookLiquidation(trade, trade.liquidation.realizedPnl, ev);
      return;
    }
    const orderId = this.byTxid.get(trade.orderTxid);
    const t = orderId === undefined ? undefined : this.orders.get(orderId);
    if (!t || orderId === undefined) {
      throw new BookProblem(
        `trade ${trade.id} (${trade.side} ${trade.volume} ${trade.symbol ?? trade.pair} at ${trade.price}, ${iso(trade.time)}) belongs to order ${trade.orderTxid}, which the bot did not place`,
      );
    }
    const r = t.state.request;
    if (trade.symbol !== r.symbol) throw new BookProblem(`trade ${trade.id} on ${trade.symbol ?? trade.pair} belongs to order ${orderId} on ${r.symbol}`);
    if (trade.side !== r.side) throw new BookProblem(`trade ${trade.id} is a ${trade.side}, its order ${orderId} a ${r.side}`);
    const market = this.market(r.symbol);
    // An order given up for lost that fills after all: the exchange's word wins.
    if (t.state.status === 'rejected') {
      const { rejectReason: _gone, ...rest } = t.state;
      t.state = { ...rest, status: 'open' };
    }
    const held = this.ledger.position(r.symbol);
    const closes = trade.closing || r.reduceOnly;
    if (closes) this.bookClose(trade, t, held, market, ev);
    else this.bookOpen(trade, t, held, ev);
    t.bookedQuantity += trade.volume;
    t.bookedNotional += trade.volume * trade.price;
    this.fillIds.add(trade.id);
    const filled = round(t.bookedQuantity, market.amountPrecision);
    t.state = { ...t.state, filledQuantity: filled, averagePrice: t.bookedNotional / t.bookedQuantity, updatedAt: Math.max(t.state.updatedAt, trade.time) };
    ev.orders.set(orderId, copyOrder(t.state));
  }

  /**
   * Follow the exchange's state of a tracked order. An order the exchange closed is final here only once
   * all its fills are booked: until then it stays open, so a fill is never lost between two syncs.
   */
  applyOrder(ex: ExchangeOrder, ev: BookEvents): void {
    const id = this.byTxid.get(ex.txid) ?? (ex.clientId !== undefined ? this.byExchangeId.get(ex.clientId) : undefined);
    const t = id === undefined ? undefined : this.orders.get(id);
    if (!t || id === undefined) throw new BookProblem(`exchange order ${ex.txid} is not one of the bot's orders`);
    if (t.txid === undefined) this.setTxid(id, ex.txid);
    if (t.state.status !== 'open') return;
    const allBooked = t.bookedQuantity >= ex.filled - EPS;
    const final = ex.status === 'closed' || ex.status === 'canceled' || ex.status === 'expired';
    if (!final || !allBooked) return;
    const status = ex.status === 'closed' ? 'filled' : 'cancelled';
    const time = ex.closeTime ?? t.state.updatedAt;
    t.state = {
      ...t.state,
      status,
      updatedAt: Math.max(t.state.updatedAt, time),
      ...(status === 'cancelled' && ex.reason !== undefined && { rejectReason: ex.reason }),
    };
    ev.orders.set(id, copyOrder(t.state));
  }

  /** Orders the exchange closed whose fills are not all booked: (clientOrderId, booked, executed). */
  unbooked(ex: ExchangeOrder): { id: string; booked: number } | undefined {
    const id = this.byTxid.get(ex.txid);
    const t = id === undefined ? undefined : this.orders.get(id);
    if (!t || id === undefined || t.state.status !== 'open') return undefined;
    return t.bookedQuantity < ex.filled - EPS ? { id, booked: t.bookedQuantity } : undefined;
  }

  /**
   * The exchange liquidated the position on the trade's symbol: booked as a close of all of it, effect
   * 'liquidation', at the exchange's price. The exchange's realised P&L can differ from the price's (an
   * isolated position loses at most its margin): the difference is booked with the fee, so cash moves
   * by exactly what the account's balance did.
   */
  private bookLiquidation(trade: ExchangeTrade, realizedPnl: number, ev: BookEvents): void {
    const held = trade.symbol === undefined ? undefined : this.ledger.position(trade.symbol);
    if (!held) throw new BookProblem(`liquidation ${trade.id} on ${trade.symbol ?? trade.pair}, but the bot holds no position there`);
    if (closingSide(held.side) !== trade.side || Math.abs(trade.volume - held.quantity) > 10 ** -this.market(held.symbol).amountPrecision / 2) {
      throw new BookProblem(`liquidation ${trade.id} (${trade.side} ${trade.volume}) does not close position ${held.id} (${held.side} ${held.quantity})`);
    }
    const priced = (trade.price - held.entryPrice) * held.quantity * (held.side === 'long' ? 1 : -1);
    const fee = trade.fee + priced - realizedPnl;
    const booked = this.ledger.reduce(held, { ...execution(trade, `${held.id}:liq`), quantity: held.quantity, fee }, 'liquidation', ev);
    this.fills.set(trade.id, booked.fill);
    this.fillIds.add(trade.id);
  }

  /** An opening fill: it opens the position, or adds to the one on its side (another fill of its order, or an increase). */
  private bookOpen(trade: ExchangeTrade, t: Tracked, held: Position | undefined, ev: BookEvents): void {
    const r = t.state.request;
    const side = positionSideOf(r);
    if (held && held.side !== side) {
      throw new BookProblem(`trade ${trade.id} opens a ${side} on ${r.symbol} while position ${held.id} (${held.side}) is open: one position per symbol`);
    }
    const leverage = trade.leverage ?? r.leverage;
    const margin = trade.margin > 0 ? trade.margin : (trade.volume * trade.price) / leverage;
    const fill = this.ledger.enter(r, execution(trade, r.clientOrderId), leverage, margin, ev);
    this.fills.set(fill.id, fill);
  }

  private bookClose(trade: ExchangeTrade, t: Tracked, held: Position | undefined, market: MarketInfo, ev: BookEvents): void {
    const r = t.state.request;
    if (!held) throw new BookProblem(`trade ${trade.id} closes a position on ${r.symbol}, but the bot holds none there`);
    if (closingSide(held.side) !== trade.side)
      throw new BookProblem(`trade ${trade.id} (${trade.side}) would add to the ${held.side} on ${r.symbol}, not close it`);
    const step = 10 ** -market.amountPrecision;
    if (trade.volume > held.quantity + step / 2) {
      throw new BookProblem(`trade ${trade.id} closes ${trade.volume} ${r.symbol}, but the position holds ${held.quantity}`);
    }
    const purpose = purposeOf(r);
    const effect: ClosingEffect = purpose === 'stop' || purpose === 'take_profit' ? purpose : 'close';
    this.fills.set(trade.id, this.ledger.reduce(held, execution(trade, r.clientOrderId), effect, ev).fill);
  }

  private market(symbol: Symbol): MarketInfo {
    const m = this.init.markets.get(symbol);
    if (!m) throw new BookProblem(`no market ${symbol} known to the live venue`);
    return m;
  }
}

function execution(trade: ExchangeTrade, orderId: string): Execution {
  return {
    fillId: trade.id,
    orderId,
    quantity: trade.volume,
    price: trade.price,
    fee: trade.fee,
    liquidity: trade.maker ? 'maker' : 'taker',
    time: trade.time,
  };
}

/** The book cannot explain what the exchange reports. */
export class BookProblem extends Error {}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
