import type { EmulatorMarket } from '../markets.js';
import type { Account } from './account.js';
import { activeLimit, remaining, type PrivateOrder } from './privateOrder.js';
import type { PriceTape, TapePrint } from './priceTape.js';

/** Has a stop-loss or take-profit's trigger been reached by a print at `price`? */
function triggers(o: PrivateOrder, price: number): boolean {
  const trigger = o.price ?? NaN;
  const stop = o.type === 'stop-loss' || o.type === 'stop-loss-limit';
  // A sell stop-loss and a buy take-profit wait for the price to fall to the trigger; the others to rise.
  const fallsTo = stop === (o.side === 'sell');
  return fallsTo ? price <= trigger : price >= trigger;
}

function marketable(o: PrivateOrder, price: number, limit: number): boolean {
  return o.side === 'buy' ? price <= limit : price >= limit;
}

/**
 * Matches the user's orders against the synthetic trade tape in emulated time. Market orders (and
 * stops once triggered) take the print's price as takers; limits rest and fill at their own price as
 * makers when a print reaches them, sharing that print's volume in time priority. Time only moves
 * forward: `advance` replays every print between the last processed instant and now, so orders fill
 * exactly as if matching had run continuously.
 */
export class Matcher {
  constructor(
    private readonly account: Account,
    private readonly tape: PriceTape,
    private readonly slippageBps: number,
    private processedUntil: number,
  ) {}

  advance(now: number): void {
    if (now <= this.processedUntil) return;
    const open = this.account.openOrders();
    if (open.length > 0) {
      const markets = [...new Set<EmulatorMarket>(open.map((o) => o.market))];
      for (const print of this.tape.between(markets, this.processedUntil, now)) this.onPrint(print);
    }
    this.processedUntil = now;
  }

  /** A newly booked order meets the market as it is at `now`: market orders fill, marketable limits take. */
  place(order: PrivateOrder, price: number, now: number): void {
    if (!order.triggered) {
      if (!triggers(order, price)) return;
      order.triggered = true;
    }
    const limit = activeLimit(order);
    if (limit === undefined || marketable(order, price, limit)) {
      if (order.postOnly) {
        this.account.cancel(order, now, 'Post only order');
        return;
      }
      this.take(order, price, now);
    }
  }

  private onPrint(print: TapePrint): void {
    let liquidity = print.volume;
    for (const o of this.account.openOrders()) {
      if (o.market !== print.market || o.openTime >= print.ms) continue;
      if (!o.triggered) {
        if (!triggers(o, print.price)) continue;
        o.triggered = true;
        const limit = activeLimit(o);
        if (limit === undefined || marketable(o, print.price, limit)) this.take(o, print.price, print.ms);
        continue;
      }
      const limit = activeLimit(o);
      if (limit === undefined) {
        // A market order still filling in pieces (partial-fill fault) takes each new print.
        this.take(o, print.price, print.ms);
      } else if (marketable(o, print.price, limit) && liquidity > 0) {
        liquidity -= this.account.fill(o, piece(o, liquidity), limit, true, print.ms);
      }
    }
  }

  private take(o: PrivateOrder, price: number, time: number): void {
    const slip = (this.slippageBps / 10_000) * (o.side === 'buy' ? 1 : -1);
    const filled = this.account.fill(o, piece(o), price * (1 + slip), false, time);
    if (filled === 0 && o.reduceOnly && activeLimit(o) === undefined) this.account.cancel(o, time, 'Reduce only: no position to reduce');
  }
}

/** Volume one print may fill: everything left, or one piece (whole lots) under a partial-fill fault. */
function piece(o: PrivateOrder, cap = Infinity): number {
  const left = remaining(o);
  const lot = 10 ** -o.market.lotDecimals;
  const want = Math.min(left, o.volume / o.pieces, cap);
  const whole = Math.floor(want / lot + 1e-6) * lot;
  // Never leave a crumb below one lot behind.
  return left - whole < lot ? left : whole;
}
