import { expect } from 'vitest';
import { impliedCashDelta } from '../../src/domain/fill.js';
import { markedValue } from '../../src/domain/position.js';
import type { Store } from '../../src/store/store.js';

/**
 * The checks a user would run on a paper portfolio's books: every change of cash is a fill, each fill's
 * cash change follows from its own fields, equity is cash plus the marked positions, and nothing ever
 * filled on the bar that produced its signal.
 */
export function expectBooksBalance(store: Store, epochId: number, timeframe = '1h'): { fills: number; cash: number; equity: number } {
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
  expect(t.cash(epochId)).toBeCloseTo(cash, 6);

  const orders = new Map(t.orders(epochId).map((o) => [o.request.clientOrderId, o]));
  for (const f of fills) {
    const o = orders.get(f.clientOrderId);
    expect(o, `order ${f.clientOrderId} of fill ${f.id}`).toBeDefined();
    if (o && f.effect === 'open') expect(f.time).toBeGreaterThan(o.request.signalBarTime);
  }

  // Realised P&L of each closed position follows from its entry and exit prices.
  const byPosition = new Map<string, typeof fills>();
  for (const f of fills) byPosition.set(f.positionId, [...(byPosition.get(f.positionId) ?? []), f]);
  for (const [, fs] of byPosition) {
    const open = fs.find((f) => f.effect === 'open');
    if (!open) continue;
    const sign = open.side === 'buy' ? 1 : -1;
    for (const c of fs.filter((f) => f.effect !== 'open')) {
      expect(c.realizedPnl).toBeCloseTo(sign * (c.price - open.price) * c.quantity, 6);
    }
  }

  const cursors = t.cursors(epochId, timeframe);
  let equity = t.cash(epochId);
  for (const p of t.openPositions(epochId)) {
    const cursor = cursors.get(p.symbol);
    const bar = cursor === undefined ? undefined : store.candles.range(p.symbol, timeframe as '1h', cursor, cursor + 1)[0];
    equity += markedValue(p, bar?.close ?? p.entryPrice);
  }
  const last = t.equityCurve(epochId).at(-1);
  if (last) expect(last.equity).toBeCloseTo(equity, 6);
  return { fills: fills.length, cash, equity };
}
