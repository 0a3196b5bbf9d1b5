import type { Bar, Symbol } from '../../domain/bar.js';
import type { FinancingCharge } from '../../domain/financing.js';
import { impliedCashDelta, type Fill } from '../../domain/fill.js';
import type { MarketInfo } from '../../domain/market.js';
import type { Position } from '../../domain/position.js';
import type { ClosedPosition, Protection } from '../../domain/ports.js';
import type { LiquidationRule } from '../liquidationPrice.js';
import { closingSide } from '../orderStates.js';
import { protectionProblem, withProtection } from '../withProtection.js';
import { borrowedCurrency, financingRate, isOnMargin, openingCharge, rolloversDue, type FinancingSchedule } from './financing.js';
import { fundingDue, type FundingSchedule } from './funding.js';
import { increasedPosition } from './increasedPosition.js';
import type { ClosingEffect, EntryOrder, Execution, LedgerEvents } from './ledgerTypes.js';
import { openedPosition, positionSideOf } from './openedPosition.js';
import { reduction, type Reduction } from './reduction.js';

export interface LedgerOptions {
  readonly cash: number;
  readonly positions: readonly Position[];
  readonly markets: ReadonlyMap<Symbol, MarketInfo>;
  /** Where positions are liquidated: the venue's margin rules (see liquidationPrice.ts). */
  readonly liquidation: LiquidationRule;
  /** Margin opening and rollover fees; absent: none are charged. */
  readonly financing?: FinancingSchedule;
  /** A perpetual's funding, due at the end of every interval a position is open; absent: none. */
  readonly funding?: FundingSchedule;
  /** Financing is an estimate that does not move cash (the live venue; see FinancingCharge.estimated). */
  readonly financingEstimated?: boolean;
  /** Close of the last bar accrued per symbol, for a restart: a rollover due in a gap of bars is still charged. */
  readonly accruedTo?: ReadonlyMap<Symbol, number>;
  /**
   * The venue decides what fills (simulated): an opening fill that would take cash below zero is a broken
   * invariant. The exchange's fills are booked whatever they do to cash.
   */
  readonly refuseOverdraft?: boolean;
  /** The error a broken invariant raises: each venue has its own. */
  readonly problem: (message: string) => Error;
}

/** A fill the ledger booked, and the position it closed, if it closed one. */
export interface Booked {
  readonly fill: Fill;
  readonly closed?: ClosedPosition;
}

/**
 * The one position ledger of every venue: isolated-margin positions (one per symbol), cash, and every
 * change to them (open, increase, partial and full close, liquidation, financing). Each fill's cashDelta
 * follows from its fields as the domain defines it and each charge moves cash by -amount, so cash -
 * capital = sum(cashDelta) - sum(charges). Pure: the venues feed it what matched or what the exchange did.
 */
export class PositionLedger {
  private cashValue: number;
  private readonly open = new Map<Symbol, Position>();
  /** Realised P&L of partial closes, per open position, for its ClosedPosition. */
  private readonly realized = new Map<string, number>();
  private readonly accruedTo: Map<Symbol, number>;

  constructor(private readonly o: LedgerOptions) {
    this.cashValue = o.cash;
    for (const p of o.positions) {
      this.market(p.symbol);
      if (this.open.has(p.symbol)) throw o.problem(`two open positions on ${p.symbol} (${p.id}): one position per symbol`);
      this.keep({ ...p });
    }
    this.accruedTo = new Map(o.accruedTo);
  }

  get cash(): number {
    return this.cashValue;
  }

  /** The open position on `symbol`, if any. */
  position(symbol: Symbol): Position | undefined {
    return this.open.get(symbol);
  }

  positionById(id: string): Position | undefined {
    return [...this.open.values()].find((p) => p.id === id);
  }

  /**
   * The open positions. Not copied (the engine asks several times a bar): each is frozen when booked and
   * replaced, never edited, on every change, so what a caller holds stays what it was when asked.
   */
  positions(): Position[] {
    return [...this.open.values()];
  }

  private keep(p: Position): void {
    this.open.set(p.symbol, Object.freeze(p));
  }

  /**
   * Book an opening fill: it opens a position, or adds to the one on its symbol when that is on the
   * same side ('increase'; a later fill of the order that opened it is still 'open'). Margin opening fee
   * on the value it added when the position is on margin. A fill against the open side is refused here:
   * a reversal is a close first, then an open.
   */
  enter(order: EntryOrder, x: Execution, leverage: number, margin: number, ev: LedgerEvents): Fill {
    const held = this.open.get(order.symbol);
    const side = positionSideOf(order);
    if (held && held.side !== side) {
      throw this.o.problem(`fill ${x.fillId} opens a ${side} on ${order.symbol} while position ${held.id} (${held.side}) is open: one position per symbol`);
    }
    const market = this.market(order.symbol);
    const rule = this.o.liquidation;
    const p = held ? increasedPosition(held, order, x, leverage, margin, rule, market.amountPrecision) : openedPosition(order, x, leverage, margin, rule);
    const effect = held && held.id !== order.clientOrderId ? 'increase' : 'open';
    const fill = this.post(x, { positionId: p.id, symbol: p.symbol, side: order.side, effect, leverage, margin, realizedPnl: 0 }, ev);
    this.keep(p);
    const charge = this.o.financing && openingCharge(p, fill, this.o.financing, market);
    if (charge) this.charge(charge, ev);
    return fill;
  }

  /**
   * The margin opening fee rate an entry of `order` at `leverage` would pay (0 without financing or off
   * margin): for a venue's cash checks before it fills.
   */
  openingFeeRate(order: Pick<EntryOrder, 'symbol' | 'side'>, leverage: number): number {
    const f = this.o.financing;
    if (!f) return 0;
    const side = positionSideOf(order);
    const held = this.open.get(order.symbol);
    const onMargin = isOnMargin({ side, leverage }) || (held !== undefined && held.side === side && isOnMargin(held));
    return onMargin ? financingRate(f, borrowedCurrency(side, this.market(order.symbol))) : 0;
  }

  /** Book a closing fill of `p`: realised P&L on the part closed, margin released pro rata. */
  reduce(p: Position, x: Execution, effect: ClosingEffect, ev: LedgerEvents): Booked {
    return this.close(p, x, effect, reduction(p, x.quantity, x.price, this.market(p.symbol).amountPrecision), ev);
  }

  /** Isolated margin: a liquidation forfeits the whole margin; what the loss did not take goes to the exchange as its fee. */
  liquidate(p: Position, x: Omit<Execution, 'quantity' | 'fee' | 'liquidity'>, ev: LedgerEvents): Booked {
    const r = reduction(p, p.quantity, x.price, this.market(p.symbol).amountPrecision);
    return this.close(p, { ...x, quantity: p.quantity, fee: r.margin + r.realizedPnl, liquidity: 'taker' }, 'liquidation', r, ev);
  }

  /**
   * Financing for the bar `bar` of `symbol` closing at bar.time + barMs: the rollovers (spot margin) or the
   * funding (perpetuals) of its open position that fell due since the last bar accrued (or since this bar's
   * open, for the first one seen). Call it after the bar's fills: a position closed within the bar owes
   * nothing due at its close.
   */
  accrue(symbol: Symbol, bar: Bar, barMs: number, ev: LedgerEvents): void {
    const close = bar.time + barMs;
    const from = this.accruedTo.get(symbol) ?? bar.time;
    this.accruedTo.set(symbol, Math.max(from, close));
    const p = this.open.get(symbol);
    if (!p) return;
    if (this.o.financing) for (const c of rolloversDue(p, from, close, bar.close, this.o.financing, this.market(symbol))) this.charge(c, ev);
    if (this.o.funding) for (const c of fundingDue(p, from, close, bar.close, this.o.funding)) this.charge(c, ev);
  }

  /** Replace the protective levels of the position `positionId`. */
  protect(positionId: string, protection: Protection): void {
    const p = this.positionById(positionId);
    if (!p) throw this.o.problem(`protect: no open position ${positionId}`);
    const problem = protectionProblem(positionId, protection);
    if (problem) throw this.o.problem(problem);
    this.keep(withProtection(p, protection));
  }

  /**
   * Book a financing charge: cash moves by -amount (a negative amount, as futures funding can be, is
   * received), unless the ledger keeps estimates only.
   */
  charge(c: FinancingCharge, ev: LedgerEvents): void {
    if (this.o.financingEstimated) {
      // TODO(live financing): an estimate until the live venue reads Kraken's ledger (Ledgers, types
      // 'margin' and 'rollover') and books what the account was really charged, in the currency lent.
      ev.charges.push({ ...c, estimated: true });
      return;
    }
    this.cashValue -= c.amount;
    ev.charges.push(c);
  }

  private close(p: Position, x: Execution, effect: ClosingEffect, r: Reduction, ev: LedgerEvents): Booked {
    const fill = this.post(
      { ...x, quantity: r.quantity },
      { positionId: p.id, symbol: p.symbol, side: closingSide(p.side), effect, leverage: p.leverage, margin: r.margin, realizedPnl: r.realizedPnl },
      ev,
    );
    const total = (this.realized.get(p.id) ?? 0) + r.realizedPnl;
    if (r.rest) {
      this.keep(r.rest);
      this.realized.set(p.id, total);
      return { fill };
    }
    this.open.delete(p.symbol);
    this.realized.delete(p.id);
    const closed: ClosedPosition = { position: { ...p }, exitPrice: x.price, exitTime: x.time, exitReason: effect, realizedPnl: total };
    ev.closed.push(closed);
    return { fill, closed };
  }

  /** Cash moves by exactly the fill's cashDelta, derived from its other fields as the domain defines it. */
  private post(x: Execution, f: Pick<Fill, 'positionId' | 'symbol' | 'side' | 'effect' | 'leverage' | 'margin' | 'realizedPnl'>, ev: LedgerEvents): Fill {
    const fields: Omit<Fill, 'cashDelta'> = {
      id: x.fillId,
      clientOrderId: x.orderId,
      positionId: f.positionId,
      symbol: f.symbol,
      side: f.side,
      quantity: x.quantity,
      price: x.price,
      fee: x.fee,
      liquidity: x.liquidity,
      time: x.time,
      effect: f.effect,
      leverage: f.leverage,
      margin: f.margin,
      realizedPnl: f.realizedPnl,
    };
    const fill: Fill = { ...fields, cashDelta: impliedCashDelta(fields) };
    const cash = this.cashValue + fill.cashDelta;
    if (this.o.refuseOverdraft && fill.cashDelta < 0 && !(cash >= 0)) {
      throw this.o.problem(`fill ${fill.id} would take cash to ${cash}: the venue let an order through that it must have refused`);
    }
    this.cashValue = cash;
    ev.fills.push(fill);
    return fill;
  }

  private market(symbol: Symbol): MarketInfo {
    const m = this.o.markets.get(symbol);
    if (!m) throw this.o.problem(`no market ${symbol} known to the venue`);
    return m;
  }
}
