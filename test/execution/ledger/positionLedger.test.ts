import { describe, expect, it } from 'vitest';
import { impliedCashDelta } from '../../../src/domain/fill.js';
import type { MarketInfo } from '../../../src/domain/market.js';
import { linearLiquidation, liquidationPrice } from '../../../src/execution/liquidationPrice.js';
import { PositionLedger, type EntryOrder, type Execution, type LedgerEvents, type LedgerOptions } from '../../../src/execution/ledger/index.js';

const SYM = 'BTC/USD';
const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const MMR = 0.005;
const market: MarketInfo = { symbol: SYM, base: 'BTC', quote: 'USD', pricePrecision: 1, amountPrecision: 8, minAmount: 0.0001, minCost: 0.5, maxLeverage: 5 };

class Problem extends Error {}

function ledger(over: Partial<LedgerOptions> = {}): PositionLedger {
  return new PositionLedger({
    cash: 100_000,
    positions: [],
    markets: new Map([[SYM, market]]),
    liquidation: linearLiquidation(MMR),
    problem: (m) => new Problem(m),
    ...over,
  });
}

const events = (): LedgerEvents => ({ fills: [], closed: [], charges: [] });
const entry = (over: Partial<EntryOrder> = {}): EntryOrder => ({ clientOrderId: 'o1', symbol: SYM, side: 'buy', ...over });
const at = (over: Partial<Execution> = {}): Execution => ({
  fillId: 'f1',
  orderId: 'o1',
  quantity: 1,
  price: 50_000,
  fee: 10,
  liquidity: 'taker',
  time: T0,
  ...over,
});

describe('PositionLedger: opening and adding', () => {
  it('opens from a fill: levels from the order distances, margin locked and fee paid from cash', () => {
    const l = ledger();
    const ev = events();
    const fill = l.enter(entry({ stopDistance: 1_000, takeProfitDistance: 2_000, atr: 700 }), at(), 2, 25_000, ev);
    expect(fill).toMatchObject({ effect: 'open', positionId: 'o1', margin: 25_000, leverage: 2, cashDelta: -25_010 });
    expect(l.cash).toBe(100_000 - 25_010);
    expect(l.position(SYM)).toMatchObject({
      id: 'o1',
      side: 'long',
      quantity: 1,
      entryPrice: 50_000,
      entryTime: T0,
      stopPrice: 49_000,
      takeProfitPrice: 52_000,
      atr: 700,
      peakPrice: 50_000,
      trailing: false,
    });
  });

  it('increases on the same side: weighted entry, margin added, liquidation from the new entry and leverage, id unchanged', () => {
    const l = ledger();
    const ev = events();
    l.enter(entry(), at(), 2, 25_000, ev);
    const fill = l.enter(entry({ clientOrderId: 'o2' }), at({ fillId: 'f2', orderId: 'o2', quantity: 3, price: 54_000, fee: 30, time: T0 + H }), 2, 81_000, ev);
    expect(fill).toMatchObject({ effect: 'increase', positionId: 'o1', clientOrderId: 'o2', margin: 81_000, realizedPnl: 0 });
    expect(fill.cashDelta).toBe(-81_030);
    const p = l.position(SYM);
    expect(p).toMatchObject({ id: 'o1', quantity: 4, entryPrice: 53_000, entryTime: T0, margin: 106_000, leverage: 2 });
    expect(p?.liquidationPrice).toBeCloseTo(liquidationPrice('long', 53_000, 2, MMR), 9);
    expect(l.cash).toBe(100_000 - 25_010 - 81_030);
  });

  it('uses the effective leverage (notional / margin) when the add comes at another leverage', () => {
    const l = ledger({ cash: 1e6 });
    const ev = events();
    l.enter(entry({ side: 'sell' }), at(), 2, 25_000, ev); // short 1 at 50,000, margin 25,000
    l.enter(entry({ clientOrderId: 'o2', side: 'sell' }), at({ fillId: 'f2', orderId: 'o2', price: 50_000 }), 5, 10_000, ev);
    const p = l.position(SYM);
    expect(p?.leverage).toBeCloseTo(100_000 / 35_000, 12);
    expect(p?.liquidationPrice).toBeCloseTo(liquidationPrice('short', 50_000, 100_000 / 35_000, MMR), 9);
  });

  it('never loosens the stop: the tighter of the old one and the new entry minus the distance', () => {
    const l = ledger({ cash: 1e6 });
    const ev = events();
    l.enter(entry({ stopDistance: 1_000, takeProfitDistance: 2_000, atr: 500 }), at(), 2, 25_000, ev); // stop 49,000
    // Add higher: entry 51,000, stop candidate 50,500 is tighter; target re-based; atr from the order.
    l.enter(
      entry({ clientOrderId: 'o2', stopDistance: 500, takeProfitDistance: 3_000, atr: 400 }),
      at({ fillId: 'f2', orderId: 'o2', price: 52_000 }),
      2,
      26_000,
      ev,
    );
    expect(l.position(SYM)).toMatchObject({ entryPrice: 51_000, stopPrice: 50_500, takeProfitPrice: 54_000, atr: 400 });
    // Add lower: entry 50,000, candidate 47,000 would loosen it; no target on the order keeps the old one.
    l.enter(entry({ clientOrderId: 'o3', stopDistance: 3_000 }), at({ fillId: 'f3', orderId: 'o3', quantity: 2, price: 49_000 }), 2, 49_000, ev);
    expect(l.position(SYM)).toMatchObject({ quantity: 4, entryPrice: 50_000, stopPrice: 50_500, takeProfitPrice: 54_000, atr: 400 });
  });

  it('keeps the trailing state and the best price of a position it adds to', () => {
    const l = ledger({ cash: 1e6 });
    const ev = events();
    l.enter(entry({ side: 'sell', stopDistance: 1_000 }), at(), 2, 25_000, ev); // stop 51,000
    l.protect('o1', { stopPrice: 48_000, trailing: true, peakPrice: 47_000 });
    l.enter(entry({ clientOrderId: 'o2', side: 'sell', stopDistance: 1_000 }), at({ fillId: 'f2', orderId: 'o2', price: 46_000 }), 2, 23_000, ev);
    // Entry 48,000: the candidate stop 49,000 is looser than the trailed 48,000.
    expect(l.position(SYM)).toMatchObject({ entryPrice: 48_000, stopPrice: 48_000, trailing: true, peakPrice: 46_000 });
  });

  it('books a later fill of the opening order as part of the opening, and refuses a fill against the open side', () => {
    const l = ledger({ cash: 1e6 });
    const ev = events();
    l.enter(entry(), at(), 2, 25_000, ev);
    expect(l.enter(entry(), at({ fillId: 'f1b' }), 2, 25_000, ev).effect).toBe('open');
    expect(() => l.enter(entry({ clientOrderId: 'o9', side: 'sell' }), at({ fillId: 'f9', orderId: 'o9' }), 2, 25_000, ev)).toThrow(
      /opens a short .* while position o1 \(long\) is open/,
    );
  });
});

describe('PositionLedger: closing', () => {
  it('closes in parts: realised P&L on the part, margin released pro rata, the ClosedPosition sums the parts', () => {
    const l = ledger();
    const ev = events();
    l.enter(entry(), at({ quantity: 2 }), 2, 50_000, ev);
    const p = l.position(SYM);
    if (!p) throw new Error('no position');
    const part = l.reduce(p, at({ fillId: 'c1', orderId: 'x1', quantity: 0.5, price: 52_000, fee: 5 }), 'close', ev);
    expect(part.closed).toBeUndefined();
    expect(part.fill).toMatchObject({ effect: 'close', side: 'sell', quantity: 0.5, margin: 12_500, realizedPnl: 1_000, cashDelta: 12_500 + 1_000 - 5 });
    expect(l.position(SYM)).toMatchObject({ quantity: 1.5, margin: 37_500 });
    const rest = l.reduce(l.position(SYM) ?? p, at({ fillId: 'c2', orderId: 'x2', quantity: 9, price: 49_000, fee: 5 }), 'stop', ev);
    expect(rest.fill).toMatchObject({ quantity: 1.5, margin: 37_500, realizedPnl: -1_500 });
    expect(rest.closed).toMatchObject({ exitReason: 'stop', exitPrice: 49_000, realizedPnl: -500, position: { quantity: 1.5 } });
    expect(l.position(SYM)).toBeUndefined();
    expect(ev.closed).toHaveLength(1);
  });

  it('closes an increased position against its average entry', () => {
    const l = ledger();
    const ev = events();
    l.enter(entry(), at(), 1, 50_000, ev);
    l.enter(entry({ clientOrderId: 'o2' }), at({ fillId: 'f2', orderId: 'o2', price: 40_000 }), 1, 40_000, ev);
    const p = l.position(SYM);
    if (!p) throw new Error('no position');
    const { fill } = l.reduce(p, at({ fillId: 'c', orderId: 'x', quantity: 2, price: 46_000, fee: 0 }), 'close', ev);
    expect(fill).toMatchObject({ realizedPnl: 2_000, margin: 90_000, positionId: 'o1' });
  });

  it('liquidates: the whole margin is forfeited (cashDelta 0), the rest of it goes as the fee', () => {
    const l = ledger();
    const ev = events();
    l.enter(entry(), at({ price: 100, fee: 0 }), 10, 10, ev);
    const p = l.position(SYM);
    if (!p) throw new Error('no position');
    const { fill, closed } = l.liquidate(p, { fillId: 'liq', orderId: 'o1:liq', price: p.liquidationPrice, time: T0 + H }, ev);
    expect(fill).toMatchObject({ effect: 'liquidation', cashDelta: 0, liquidity: 'taker' });
    expect(fill.realizedPnl).toBeCloseTo(-9.5, 9);
    expect(fill.fee).toBeCloseTo(0.5, 9);
    expect(closed?.exitReason).toBe('liquidation');
  });

  it('keeps every cashDelta derivable from the fill, whatever the effect', () => {
    const l = ledger();
    const ev = events();
    l.enter(entry(), at(), 3, 50_000 / 3, ev);
    l.enter(entry({ clientOrderId: 'o2' }), at({ fillId: 'f2', orderId: 'o2', price: 51_000 }), 3, 17_000, ev);
    const p = l.position(SYM);
    if (!p) throw new Error('no position');
    l.reduce(p, at({ fillId: 'c', orderId: 'x', price: 52_000 }), 'close', ev);
    const left = l.position(SYM);
    if (!left) throw new Error('no position');
    l.liquidate(left, { fillId: 'l', orderId: 'o1:liq', price: left.liquidationPrice, time: T0 + 2 * H }, ev);
    expect(ev.fills.map((f) => f.effect)).toEqual(['open', 'increase', 'close', 'liquidation']);
    let cash = 100_000;
    for (const f of ev.fills) {
      expect(f.cashDelta).toBe(impliedCashDelta(f));
      cash += f.cashDelta;
    }
    expect(l.cash).toBeCloseTo(cash, 9);
  });
});

describe('PositionLedger: invariants', () => {
  it('refuses an opening fill that would overdraw cash when the venue itself decides what fills', () => {
    const strict = ledger({ cash: 100, refuseOverdraft: true });
    expect(() => strict.enter(entry(), at({ price: 1_000 }), 1, 1_000, events())).toThrow(Problem);
    expect(strict.cash).toBe(100);
    expect(strict.position(SYM)).toBeUndefined();
    // The exchange's fills are booked whatever they do to cash.
    const books = ledger({ cash: 100 });
    books.enter(entry(), at({ price: 1_000, fee: 0 }), 1, 1_000, events());
    expect(books.cash).toBe(-900);
  });

  it('raises its venue own error for two positions on a symbol and a protection of nothing', () => {
    const p = {
      id: 'a',
      symbol: SYM,
      side: 'long' as const,
      quantity: 1,
      entryPrice: 1,
      entryTime: T0,
      leverage: 1,
      margin: 1,
      liquidationPrice: 0,
      atr: 1,
      peakPrice: 1,
      trailing: false,
    };
    expect(() => ledger({ positions: [p, { ...p, id: 'b' }] })).toThrow(/two open positions on BTC\/USD \(b\)/);
    expect(() => ledger().protect('ghost', { trailing: false, peakPrice: 1 })).toThrow(Problem);
  });
});
