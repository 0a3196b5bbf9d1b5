import { marginLevelOf, type EmulatorPerpetual } from '../instruments.js';
import { AccountLog, type LogInfo, type NewLogEntry } from './accountLog.js';
import type { FuturesIds } from './futuresIds.js';
import { iso, restingLimit, unfilled, type FuturesOrder, type FuturesSide } from './futuresOrder.js';
import { FuturesPositionBook, signedSize, signOf, unrealizedPnl, type FuturesPosition } from './futuresPositions.js';

/** Fee rates as fractions of the traded value. */
export interface FuturesFees {
  readonly maker: number;
  readonly taker: number;
}

/** Kraken Futures' lowest volume tier (ccxt's krakenfutures fee table): 0.02% maker, 0.05% taker. */
export const FUTURES_ENTRY_FEES: FuturesFees = { maker: 0.0002, taker: 0.0005 };

/** One execution of the user's (fills' entry). */
export interface FuturesFill {
  readonly fillId: string;
  /** The user's order; undefined for a liquidation, which the exchange places. */
  readonly order?: FuturesOrder;
  readonly orderId: string;
  readonly perpetual: EmulatorPerpetual;
  readonly side: FuturesSide;
  readonly time: number;
  readonly price: number;
  readonly size: number;
  readonly fillType: 'maker' | 'taker' | 'liquidation';
  readonly fee: number;
  readonly realizedPnl: number;
}

/** Where funding comes from: the relative rate of the hour starting at `periodStart`, and prices. */
export interface FundingSource {
  rate(p: EmulatorPerpetual, periodStart: number): number | undefined;
  price(p: EmulatorPerpetual, time: number): number | undefined;
}

/** The flex account's margin figures at some prices. */
export interface MarginFigures {
  readonly balance: number;
  readonly pnl: number;
  readonly unrealizedFunding: number;
  readonly portfolioValue: number;
  readonly initialMargin: number;
  readonly initialMarginWithOrders: number;
  readonly maintenanceMargin: number;
  readonly availableMargin: number;
}

const HOUR = 3_600_000;
const EPS = 1e-9;

/**
 * The user's Kraken Futures (flex, multi-collateral) account, in USD collateral only: orders, fills, net
 * positions, leverage preferences and the account log of every change to the collateral. Fees are taken from
 * the collateral; a reduction realises its P&L into it; funding is settled into it at every hour end and
 * whenever the position changes; liquidation closes a position whose equity fell below its maintenance margin.
 */
export class FuturesAccount {
  balance: number;
  readonly orders = new Map<string, FuturesOrder>();
  readonly fills: FuturesFill[] = [];
  readonly positions = new FuturesPositionBook();
  readonly log = new AccountLog();
  /** Isolated-margin leverage per contract id; a contract without one trades on cross margin. */
  readonly leverage = new Map<string, number>();

  constructor(
    initialUsd: number,
    readonly fees: FuturesFees,
    private readonly ids: FuturesIds,
    private readonly funding: FundingSource,
    start: number,
  ) {
    this.balance = 0;
    if (initialUsd > 0) this.cash(start, 'transfer', initialUsd, {});
  }

  openOrders(): FuturesOrder[] {
    return [...this.orders.values()].filter((o) => o.status === 'open');
  }

  byCliOrdId(cliOrdId: string): FuturesOrder | undefined {
    return [...this.orders.values()].find((o) => o.cliOrdId === cliOrdId);
  }

  /** Move the collateral by `amount` and write the cash row saying why. */
  private cash(time: number, info: LogInfo, amount: number, row: Partial<NewLogEntry>): void {
    const old = this.balance;
    this.balance += amount;
    this.log.write(time, { asset: 'usd', bookingUid: this.ids.uuid(), ...row, info, oldBalance: old, newBalance: this.balance });
  }

  /** Initial and maintenance margin rates of `p` at a position value. */
  rates(p: EmulatorPerpetual, value: number): { initial: number; maintenance: number } {
    const level = marginLevelOf(p, value);
    return { initial: level.initialMargin, maintenance: level.maintenanceMargin };
  }

  /** Margin an order would tie up if it opened `size` at `price`: value / leverage, or the contract's initial rate on cross. */
  openingMargin(p: EmulatorPerpetual, size: number, price: number): number {
    const leverage = this.leverage.get(p.id);
    return leverage === undefined ? size * price * this.rates(p, size * price).initial : (size * price) / leverage;
  }

  /** The margin figures at `mark` prices (a position without one is marked at its entry). */
  figures(mark: (p: EmulatorPerpetual) => number | undefined, now: number): MarginFigures {
    let pnl = 0;
    let crossPnl = 0;
    let isolatedMargin = 0;
    let crossInitial = 0;
    let maintenance = 0;
    let unrealizedFunding = 0;
    for (const p of this.positions.all()) {
      const price = mark(p.perpetual) ?? p.price;
      const upnl = unrealizedPnl(p, price);
      const rates = this.rates(p.perpetual, p.size * price);
      pnl += upnl;
      unrealizedFunding += this.fundingDue(p, now).reduce((a, s) => a + s.amount, 0);
      maintenance += rates.maintenance * p.size * price;
      if (p.leverage === undefined) {
        crossPnl += upnl;
        crossInitial += rates.initial * p.size * price;
      } else isolatedMargin += p.margin;
    }
    const initialMargin = crossInitial + isolatedMargin;
    const initialMarginWithOrders = initialMargin + this.reservedMargin();
    // An isolated position risks its own margin only; its profit is not margin for anything else until realised.
    const availableMargin = this.balance + crossPnl + unrealizedFunding - initialMarginWithOrders;
    return {
      balance: this.balance,
      pnl,
      unrealizedFunding,
      portfolioValue: this.balance + pnl + unrealizedFunding,
      initialMargin,
      initialMarginWithOrders,
      maintenanceMargin: maintenance,
      availableMargin,
    };
  }

  /** Margin the open orders would post if they filled at their limit or trigger: what they would open only. */
  reservedMargin(): number {
    let reserved = 0;
    const opening = new Map<string, number>();
    for (const o of this.openOrders()) {
      if (o.reduceOnly) continue;
      const price = restingLimit(o) ?? o.stopPrice;
      if (price === undefined) continue;
      const key = `${o.perpetual.id}:${o.side}`;
      const reducible = Math.max(0, this.positions.reducible(o.perpetual, o.side) - (opening.get(key) ?? 0));
      const size = unfilled(o);
      opening.set(key, (opening.get(key) ?? 0) + Math.min(size, reducible));
      reserved += this.openingMargin(o.perpetual, Math.max(0, size - reducible), price);
    }
    return reserved;
  }

  /**
   * Fill `size` of `order` at `price`. Funding is settled first (the position changes); a reduce-only order
   * fills only what reduces. Returns the size filled.
   */
  fill(order: FuturesOrder, size: number, price: number, maker: boolean, time: number): number {
    let filled = Math.min(size, unfilled(order));
    if (order.reduceOnly) filled = Math.min(filled, this.positions.reducible(order.perpetual, order.side));
    if (filled <= EPS) return 0;
    const fill = this.execute(order.perpetual, order.side, filled, price, time, maker ? 'maker' : 'taker', order.orderId, order);
    order.filled += filled;
    order.lastUpdateTime = time;
    order.fills.push(fill.fillId);
    if (unfilled(order) <= EPS) order.status = 'filled';
    return filled;
  }

  /** Close `position` at `price` because its equity fell below its maintenance margin. */
  liquidate(position: FuturesPosition, price: number, time: number): FuturesFill {
    const side: FuturesSide = position.side === 'long' ? 'sell' : 'buy';
    return this.execute(position.perpetual, side, position.size, price, time, 'liquidation', this.ids.uuid());
  }

  private execute(
    p: EmulatorPerpetual,
    side: FuturesSide,
    size: number,
    price: number,
    time: number,
    fillType: FuturesFill['fillType'],
    orderId: string,
    order?: FuturesOrder,
  ): FuturesFill {
    const before = this.positions.get(p);
    if (before) this.settleFunding(before, time);
    const oldSigned = signedSize(before);
    const isolatedMargin = before?.margin ?? 0;
    const change = this.positions.apply(p, side, size, price, time, this.leverage.get(p.id));
    // An isolated position cannot lose more than its margin: a liquidation past it is the exchange's loss.
    const realizedPnl = fillType === 'liquidation' && before?.leverage !== undefined ? Math.max(change.realizedPnl, -isolatedMargin) : change.realizedPnl;
    const fee = size * price * (fillType === 'maker' ? this.fees.maker : this.fees.taker);
    const fill: FuturesFill = { fillId: this.ids.uuid(), ...(order && { order }), orderId, perpetual: p, side, time, price, size, fillType, fee, realizedPnl };
    this.fills.push(fill);
    const info: LogInfo = fillType === 'liquidation' ? 'futures liquidation' : 'futures trade';
    const contract = p.id.toLowerCase();
    const common = { contract, execution: fill.fillId, tradePrice: price, markPrice: price };
    this.cash(time, info, realizedPnl - fee, {
      ...common,
      fee,
      realizedPnl,
      ...(fillType === 'liquidation' && { liquidationFee: fee }),
    });
    this.log.write(time, {
      ...common,
      info,
      asset: contract,
      bookingUid: this.ids.uuid(),
      oldBalance: oldSigned,
      newBalance: signedSize(this.positions.get(p)),
      oldAverageEntryPrice: change.oldPrice,
      newAverageEntryPrice: change.newPrice,
    });
    return fill;
  }

  /** Funding of `p` from its last settlement to `to`, one share per hourly period it spans. */
  fundingDue(p: FuturesPosition, to: number): { amount: number; rate: number; price: number; end: number }[] {
    const out: { amount: number; rate: number; price: number; end: number }[] = [];
    for (let start = p.fundingFrom; start < to; ) {
      const periodStart = Math.floor(start / HOUR) * HOUR;
      const end = Math.min(periodStart + HOUR, to);
      const rate = this.funding.rate(p.perpetual, periodStart) ?? 0;
      const price = this.funding.price(p.perpetual, end) ?? p.price;
      // Longs pay shorts when the rate is positive; the sign says what the account receives.
      out.push({ amount: -signOf(p.side) * rate * p.size * price * ((end - start) / HOUR), rate, price, end });
      start = end;
    }
    return out;
  }

  /** Settle `p`'s funding up to `to` into the collateral, one cash row per period. */
  settleFunding(p: FuturesPosition, to: number): void {
    for (const due of this.fundingDue(p, to)) {
      if (due.rate !== 0) {
        this.cash(due.end, 'funding rate change', due.amount, {
          contract: p.perpetual.id.toLowerCase(),
          realizedFunding: due.amount,
          fundingRate: due.rate,
          markPrice: due.price,
        });
      }
    }
    p.fundingFrom = Math.max(p.fundingFrom, to);
  }

  /** Cancel an open order. */
  cancel(order: FuturesOrder, time: number, reason: string): void {
    order.status = 'cancelled';
    order.lastUpdateTime = time;
    order.reason = reason;
  }
}

/** A fill as GET fills lists it. */
export function fillEntry(f: FuturesFill): Record<string, unknown> {
  return {
    fill_id: f.fillId,
    symbol: f.perpetual.id,
    side: f.side,
    order_id: f.orderId,
    ...(f.order?.cliOrdId !== undefined && { cliOrdId: f.order.cliOrdId }),
    size: f.size,
    price: f.price,
    fillTime: iso(f.time),
    fillType: f.fillType,
  };
}
