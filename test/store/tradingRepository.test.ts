import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import type { MarketInfo } from '../../src/domain/market.js';
import type { Approved, OrderRequest } from '../../src/domain/order.js';
import type { VenueEvents } from '../../src/domain/ports.js';
import { SimulatedVenue } from '../../src/execution/index.js';
import { Store } from '../../src/store/store.js';
import { expectBooksBalance } from '../support/books.js';

const SYM = 'SOL/USD';
const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const T = (i: number): number => T0 + i * H;
const market: MarketInfo = { symbol: SYM, base: 'SOL', quote: 'USD', pricePrecision: 2, amountPrecision: 3, minAmount: 0.01, minCost: 5, maxLeverage: 3 };

/** What the runtime composes: a simulated venue with Kraken's financing on the store's books. */
function venueOn(store: Store, epochId: number): SimulatedVenue {
  const t = store.trading;
  return new SimulatedVenue({
    markets: new Map([[SYM, market]]),
    fees: { maker: 0.0016, taker: 0.0026 },
    slippageBps: 0,
    maintenanceMarginRate: 0.005,
    state: { cash: t.cash(epochId), positions: t.openPositions(epochId), openOrders: t.openOrders(epochId) },
    financing: { intervalHours: 4, rates: { default: 0.0002, USD: 0.00025 } },
    barMs: H,
    lastBars: t.cursors(epochId, '1h'),
  });
}

function order(id: string, signalBar: number, over: Partial<OrderRequest> = {}): Approved<OrderRequest> {
  return {
    clientOrderId: id,
    symbol: SYM,
    side: 'buy',
    type: 'market',
    quantity: 10,
    leverage: 3,
    reduceOnly: false,
    createdAt: T(signalBar + 1),
    signalBarTime: T(signalBar),
    reason: 'test',
    ...over,
  } as Approved<OrderRequest>;
}

/** A scripted (SYNTHETIC) bar around `price`. */
const bar = (i: number, price: number): Bar => ({ time: T(i), open: price, high: price + 0.5, low: price - 0.5, close: price, volume: 1 });

function persist(
  store: Store,
  epochId: number,
  v: SimulatedVenue,
  b: Bar,
  ev: VenueEvents,
  submitted: readonly Awaited<ReturnType<SimulatedVenue['submit']>>[] = [],
): void {
  const account = v.account();
  store.trading.writeIteration({
    epochId,
    cash: account.cash,
    time: b.time + H,
    orders: [...ev.orders, ...submitted],
    fills: ev.fills,
    openPositions: account.positions,
    closedPositions: ev.closedPositions,
    charges: ev.charges,
    decisions: [],
    cursors: new Map([[SYM, b.time]]),
    timeframe: '1h',
  });
}

describe('an increased position in the store', () => {
  it('is stored with its new entry, leverage and margin, restored as it was, and closed with the P&L of its closing fills only', async () => {
    const store = Store.open(':memory:');
    const e = store.trading.createEpoch(10_000, T0);
    let v = venueOn(store, e.id);
    const step = async (i: number, price: number, orders: Approved<OrderRequest>[] = []) => {
      const b = bar(i, price);
      store.candles.upsert(SYM, '1h', [b]);
      const ev = await v.onBar(SYM, b);
      const submitted = [];
      for (const o of orders) submitted.push(await v.submit(o));
      persist(store, e.id, v, b, ev, submitted);
      return ev;
    };

    await step(0, 100, [order('open', 0, { stopDistance: 5, atr: 2 })]);
    await step(1, 100, [order('add', 1, { quantity: 5, leverage: 2, stopDistance: 4, atr: 3 })]);
    await step(2, 106); // the add fills at 106: 15 at 102, margin 333.33 + 265
    const stored = store.trading.openPositions(e.id);
    expect(stored).toEqual(v.account().positions);
    expect(stored[0]).toMatchObject({ id: 'open', quantity: 15, entryPrice: 102, atr: 3, stopPrice: 98 });
    expect(stored[0]?.leverage).toBeCloseTo(1530 / (1000 / 3 + 265), 12);

    // A restart: a new venue from what the store holds goes on where the old one was.
    const before = v.account();
    v = venueOn(store, e.id);
    expect(v.account()).toEqual(before);
    for (let i = 3; i < 6; i++) await step(i, 104);
    await step(6, 104, [order('x', 6, { side: 'sell', reduceOnly: true, quantity: 15 })]);
    const closing = await step(7, 108);
    expect(closing.fills.map((f) => [f.effect, f.quantity])).toEqual([['close', 15]]);

    const row = store.db.prepare("SELECT status, entry_price, quantity, realized_pnl, exit_reason FROM positions WHERE id = 'open'").get();
    expect(row).toEqual({ status: 'closed', entry_price: 102, quantity: 15, realized_pnl: 90, exit_reason: 'close' });
    expect(store.trading.fills(e.id).map((f) => f.effect)).toEqual(['open', 'increase', 'close']);
    // Opening fees at the open and the add, one rollover at T1 + 4h (bar 4 closes at T5): all written once.
    expect(store.trading.charges(e.id).map((c) => [c.kind, c.time])).toEqual([
      ['margin_open', T(1)],
      ['margin_open', T(2)],
      ['rollover', T(5)],
    ]);
    const books = expectBooksBalance(store, e.id);
    expect(books.charges).toBe(3);
    store.close();
  });

  it('keeps the equity curve in the order it was written: a point stamped before the last comes just after it', () => {
    const store = Store.open(':memory:');
    const e = store.trading.createEpoch(10_000, T0);
    const write = (time: number, cash: number) =>
      store.trading.writeIteration({
        epochId: e.id,
        cash,
        time,
        equity: { time, cash, equity: cash, margin: 0, unrealizedPnl: 0 },
        orders: [],
        fills: [],
        openPositions: [],
        closedPositions: [],
        charges: [],
        decisions: [],
        cursors: new Map(),
        timeframe: '1h',
      });
    write(T(2), 9_990);
    // A clean stop's settling, on a clock 7 minutes behind the last step's feed time.
    write(T(2) - 420_000, 9_980);
    write(T(3), 9_970);
    expect(store.trading.equityCurve(e.id).map((p) => [p.time, p.cash])).toEqual([
      [T(2), 9_990],
      [T(2) + 1, 9_980],
      [T(3), 9_970],
    ]);
    store.close();
  });

  it('writes a charge once: the same charge twice rolls the iteration back; an estimate keeps its flag', () => {
    const store = Store.open(':memory:');
    const e = store.trading.createEpoch(10_000, T0);
    const charge = { id: 'p:rollover@1', positionId: 'p', symbol: SYM, kind: 'rollover' as const, time: 1, rate: 0.00025, base: 1000, amount: 0.25 };
    const write = (cash: number, charges: (typeof charge & { estimated?: boolean })[]) =>
      store.trading.writeIteration({
        epochId: e.id,
        cash,
        time: 5,
        orders: [],
        fills: [],
        openPositions: [],
        closedPositions: [],
        charges,
        decisions: [],
        cursors: new Map(),
        timeframe: '1h',
      });
    write(9_999.75, [charge]);
    expect(() => write(9_999.5, [charge])).toThrow();
    expect(store.trading.cash(e.id)).toBe(9_999.75);
    write(9_999.75, [{ ...charge, id: 'q:rollover@1', estimated: true }]);
    expect(store.trading.charges(e.id)).toEqual([charge, { ...charge, id: 'q:rollover@1', estimated: true }]);
    expect(store.trading.discardUnusedEpoch(e.id)).toBe(false);
    store.close();
  });
});
