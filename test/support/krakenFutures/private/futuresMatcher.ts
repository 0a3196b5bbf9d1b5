import { roundPriceAgainst } from '../../../../src/execution/priceRounding.js';
import type { EmulatorPerpetual } from '../instruments.js';
import type { FuturesAccount } from './futuresAccount.js';
import { restingLimit, unfilled, type FuturesOrder } from './futuresOrder.js';
import { unrealizedPnl, type FuturesPosition } from './futuresPositions.js';
import type { FuturesPrint, FuturesTape } from './futuresTape.js';

const HOUR = 3_600_000;

/** Has a stop or take-profit's trigger been reached by a print at `price`? */
function triggers(o: FuturesOrder, price: number): boolean {
  const trigger = o.stopPrice ?? NaN;
  // A buy stop and a sell take-profit wait for the price to rise to the trigger; the others for it to fall.
  const rises = (o.type === 'stp') === (o.side === 'buy');
  return rises ? price >= trigger : price <= trigger;
}

function marketable(o: FuturesOrder, price: number, limit: number): boolean {
  return o.side === 'buy' ? price <= limit : price >= limit;
}

/** A post-only limit fills only once a print trades through it: a print at its price proves nothing about the queue. */
function fillsResting(o: FuturesOrder, price: number, limit: number): boolean {
  if (o.type !== 'post') return marketable(o, price, limit);
  return o.side === 'buy' ? price < limit : price > limit;
}

/** Decimals of a tick size (0.01 -> 2), for rounding a slipped price onto the contract's tick. */
function tickDecimals(p: EmulatorPerpetual): number {
  return Math.max(0, Math.round(-Math.log10(p.tickSize)));
}

/**
 * Matches the user's orders against the perpetuals' trade tapes in emulated time, and runs the account's
 * clock: at each print, triggers, resting limits and liquidations; at each hour end, funding. Market orders
 * (and stops without a limit once triggered) take the print, moved by the slippage onto the tick against them;
 * limits rest and fill at their own price as makers, sharing the print's volume in time priority.
 */
export class FuturesMatcher {
  constructor(
    private readonly account: FuturesAccount,
    private readonly tape: FuturesTape,
    private readonly slippageBps: number,
    private processedUntil: number,
  ) {}

  advance(now: number): void {
    while (this.processedUntil < now) {
      const perpetuals = new Set<EmulatorPerpetual>([
        ...this.account.openOrders().map((o) => o.perpetual),
        ...this.account.positions.all().map((p) => p.perpetual),
      ]);
      if (perpetuals.size === 0) {
        this.processedUntil = now;
        return;
      }
      // An hour at a time: funding falls due at each hour end, between the prints before and after it.
      const next = Math.min(now, Math.floor(this.processedUntil / HOUR) * HOUR + HOUR);
      for (const print of this.tape.between(perpetuals, this.processedUntil, next)) this.onPrint(print);
      if (next % HOUR === 0) for (const p of this.account.positions.all()) this.account.settleFunding(p, next);
      this.processedUntil = next;
    }
  }

  /** A newly booked order meets the market as it is at `now`: market orders fill, marketable limits take. */
  place(order: FuturesOrder, price: number, now: number): void {
    if (!order.triggered) {
      if (!triggers(order, price)) return;
      order.triggered = true;
    }
    // A post-only order that would take was refused before it was booked.
    if (order.type === 'post') return;
    const limit = restingLimit(order);
    if (limit === undefined || marketable(order, price, limit)) this.take(order, price, now);
  }

  private onPrint(print: FuturesPrint): void {
    let liquidity = print.volume;
    for (const o of this.account.openOrders()) {
      if (o.perpetual !== print.perpetual || o.receivedTime >= print.ms) continue;
      if (!o.triggered) {
        if (!triggers(o, print.price)) continue;
        o.triggered = true;
        o.lastUpdateTime = print.ms;
        const limit = restingLimit(o);
        if (limit === undefined || marketable(o, print.price, limit)) this.take(o, print.price, print.ms);
        continue;
      }
      const limit = restingLimit(o);
      if (limit === undefined) this.take(o, print.price, print.ms);
      else if (fillsResting(o, print.price, limit) && liquidity > 0) liquidity -= this.account.fill(o, piece(o, liquidity), limit, true, print.ms);
    }
    this.checkLiquidation(print);
  }

  private take(o: FuturesOrder, price: number, time: number): void {
    const slip = (this.slippageBps / 10_000) * (o.side === 'buy' ? 1 : -1);
    const filled = this.account.fill(o, piece(o), roundPriceAgainst(price * (1 + slip), o.side, tickDecimals(o.perpetual)), false, time);
    if (filled === 0 && o.reduceOnly) this.account.cancel(o, time, 'wouldNotReducePosition');
  }

  /**
   * Liquidation: an isolated position when its margin plus unrealised P&L falls below its maintenance margin
   * (a fraction of its value at the print's price); the cross positions together when the collateral outside
   * isolated margins plus their unrealised P&L falls below their maintenance margins. Open orders of a
   * liquidated contract are cancelled.
   */
  private checkLiquidation(print: FuturesPrint): void {
    const account = this.account;
    const position = account.positions.get(print.perpetual);
    if (position?.leverage !== undefined) {
      if (position.margin + unrealizedPnl(position, print.price) < this.maintenance(position, print.price)) this.liquidate([position], print);
      return;
    }
    if (!position) return;
    const cross = account.positions.all().filter((p) => p.leverage === undefined);
    const isolated = account.positions.all().reduce((a, p) => a + p.margin, 0);
    const markOf = (p: FuturesPosition) => (p === position ? print.price : (this.tape.lastPrice(p.perpetual, print.ms) ?? p.price));
    const equity = account.balance - isolated + cross.reduce((a, p) => a + unrealizedPnl(p, markOf(p)), 0);
    if (equity < cross.reduce((a, p) => a + this.maintenance(p, markOf(p)), 0)) this.liquidate(cross, print);
  }

  private maintenance(p: FuturesPosition, price: number): number {
    return this.account.rates(p.perpetual, p.size * price).maintenance * p.size * price;
  }

  private liquidate(positions: readonly FuturesPosition[], print: FuturesPrint): void {
    for (const p of positions) {
      const price = p.perpetual === print.perpetual ? print.price : (this.tape.lastPrice(p.perpetual, print.ms) ?? p.price);
      this.account.liquidate(p, price, print.ms);
      for (const o of this.account.openOrders()) if (o.perpetual === p.perpetual) this.account.cancel(o, print.ms, 'liquidation');
    }
  }
}

/** Size one print may fill: everything left, or one piece (whole contract steps) under a partial-fill fault. */
function piece(o: FuturesOrder, cap = Infinity): number {
  const left = unfilled(o);
  const step = 10 ** -o.perpetual.tradePrecision;
  const want = Math.min(left, o.size / o.pieces, cap);
  const whole = Math.floor(want / step + 1e-6) * step;
  return left - whole < step ? left : whole;
}
