import { expect } from 'vitest';
import { impliedCashDelta, isOpening } from '../../src/domain/fill.js';
import { markedValue } from '../../src/domain/position.js';
import { perpetualSymbol } from '../../src/domain/perpetualSymbol.js';
import { epochVenue } from '../../src/store/epochModes.js';
import type { Store } from '../../src/store/store.js';

/**
 * The checks a user would run on a paper portfolio's books: every change of cash is a fill or a financing
 * charge (sum(fill cashDelta) - sum(charges) = cash - capital; an estimated charge moves no cash), each
 * fill's cash change follows from its own fields, equity is cash plus the marked positions, and nothing
 * ever filled on the bar that produced its signal.
 */
export function expectBooksBalance(store: Store, epochId: number, timeframe = '1h'): { fills: number; charges: number; cash: number; equity: number } {
  const t = store.trading;
  const epoch = t.epochs().find((e) => e.id === epochId);
  if (!epoch) throw new Error(`no epoch ${epochId}`);
  const fills = t.fills(epochId);
  let cash = epoch.capital;
  for (const f of fills) {
    expect(f.cashDelta).toBeCloseTo(impliedCashDelta(f), 9);
    expect(f.fee).toBeGreaterThanOrEqual(0);
    cash += f.cashDelta;
  }
  const charges = t.charges(epochId);
  for (const c of charges) {
    // Funding is paid by one side and received by the other: a short's amount has the rate's opposite sign.
    if (c.kind === 'funding') expect(Math.abs(c.amount)).toBeCloseTo(Math.abs(c.base * c.rate), 9);
    else expect(c.amount).toBeCloseTo(c.base * c.rate, 9);
    if (!c.estimated) cash -= c.amount;
  }
  expect(t.cash(epochId)).toBeCloseTo(cash, 6);

  const orders = new Map(t.orders(epochId).map((o) => [o.request.clientOrderId, o]));
  for (const f of fills) {
    const o = orders.get(f.clientOrderId);
    expect(o, `order ${f.clientOrderId} of fill ${f.id}`).toBeDefined();
    if (o && isOpening(f.effect)) expect(f.time).toBeGreaterThan(o.request.signalBarTime);
  }

  // Realised P&L of each closed position follows from its (quantity-weighted average) entry and exit prices.
  const byPosition = new Map<string, typeof fills>();
  for (const f of fills) byPosition.set(f.positionId, [...(byPosition.get(f.positionId) ?? []), f]);
  for (const [, fs] of byPosition) {
    if (fs[0]?.effect !== 'open') continue;
    const sign = fs[0].side === 'buy' ? 1 : -1;
    let quantity = 0;
    let entry = 0;
    for (const f of fs) {
      if (isOpening(f.effect)) {
        entry = (entry * quantity + f.price * f.quantity) / (quantity + f.quantity);
        quantity += f.quantity;
      } else {
        expect(f.realizedPnl).toBeCloseTo(sign * (f.price - entry) * f.quantity, 6);
        quantity -= f.quantity;
      }
    }
  }

  const cursors = t.cursors(epochId, timeframe);
  // A futures epoch is marked at its perpetual's bars where they are stored.
  const futures = epochVenue(store.db, epochId) === 'kraken-futures';
  const seriesOf = (symbol: string) =>
    futures && store.candles.sourceOf(perpetualSymbol(symbol), timeframe as '1h') !== undefined ? perpetualSymbol(symbol) : symbol;
  let equity = t.cash(epochId);
  for (const p of t.openPositions(epochId)) {
    const cursor = cursors.get(p.symbol);
    const bar = cursor === undefined ? undefined : store.candles.range(seriesOf(p.symbol), timeframe as '1h', cursor, cursor + 1)[0];
    equity += markedValue(p, bar?.close ?? p.entryPrice);
  }
  const last = t.equityCurve(epochId).at(-1);
  if (last) expect(last.equity).toBeCloseTo(equity, 6);
  return { fills: fills.length, charges: charges.length, cash, equity };
}
