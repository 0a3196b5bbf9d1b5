import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import { impliedCashDelta, type Fill } from '../../src/domain/fill.js';
import type { MarketInfo } from '../../src/domain/market.js';
import type { Approved, OrderRequest, OrderState } from '../../src/domain/order.js';
import type { AccountSnapshot, ClosedPosition, VenueEvents } from '../../src/domain/ports.js';
import { seededRng } from '../../src/domain/random.js';
import { equityOf, roundPriceAgainst, SimulatedVenue, truncateAmount, type SimulatedVenueOptions } from '../../src/execution/index.js';
import { FatalError, UserError } from '../../src/internal/errors.js';
import { trailStop } from '../../src/risk/trailingStop.js';
import { hasSharedData, readBinanceCsv, sharedFile } from '../support/sharedData.js';

const SYM = 'SOL/USD';
const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const T = (i: number): number => T0 + i * H;
const market: MarketInfo = { symbol: SYM, base: 'SOL', quote: 'USD', pricePrecision: 2, amountPrecision: 3, minAmount: 0.01, minCost: 5, maxLeverage: 10 };

function venue(cash = 10_000, over: Partial<SimulatedVenueOptions> = {}): SimulatedVenue {
  return new SimulatedVenue({
    markets: new Map([[SYM, market]]),
    fees: { maker: 0.0002, taker: 0.0005 },
    slippageBps: 10,
    maintenanceMarginRate: 0.005,
    state: { cash, positions: [], openOrders: [] },
    ...over,
  });
}

/** Test-only: these tests exercise the venue's mechanics, not the risk rules that mint approvals. */
function order(over: Partial<OrderRequest> = {}): Approved<OrderRequest> {
  const signalBarTime = over.signalBarTime ?? T(0);
  return {
    clientOrderId: 'o1',
    symbol: SYM,
    side: 'buy',
    type: 'market',
    quantity: 1,
    leverage: 2,
    reduceOnly: false,
    createdAt: signalBarTime + H,
    signalBarTime,
    reason: 'test',
    ...over,
  } as Approved<OrderRequest>;
}

/** A scripted (synthetic) bar: these tests check mechanics, not markets. */
function bar(i: number, open: number, high: number, low: number, close: number): Bar {
  return { time: T(i), open, high, low, close, volume: 1 };
}

/** A venue holding a position opened by a market order at bar 1 (open 100), bar 1 staying inside [99, 101]. */
async function withPosition(over: Partial<OrderRequest> = {}, opts: Partial<SimulatedVenueOptions> = {}, cash = 10_000) {
  const v = venue(cash, opts);
  await v.submit(order(over));
  await v.onBar(SYM, bar(0, 100, 100, 100, 100));
  const opened = await v.onBar(SYM, bar(1, 100, 101, 99, 100));
  const position = v.account().positions[0];
  if (!position) throw new Error('test setup: no position opened');
  return { v, opened, position };
}

describe('SimulatedVenue: entries', () => {
  it('fills a market order at the NEXT bar open with slippage and the taker fee, never on its signal bar', async () => {
    const v = venue();
    const accepted = await v.submit(order({ quantity: 2, stopDistance: 5, takeProfitDistance: 10, atr: 3 }));
    expect(accepted.status).toBe('open');

    const signalBar = await v.onBar(SYM, bar(0, 100, 103, 97, 100));
    expect(signalBar.fills).toEqual([]);
    expect(v.account().openOrders).toHaveLength(1);

    const next = await v.onBar(SYM, bar(1, 100, 102, 99, 101));
    const fill = next.fills[0] as Fill;
    expect(next.fills).toHaveLength(1);
    expect(fill).toMatchObject({ id: 'o1:fill', effect: 'open', price: 100.1, quantity: 2, liquidity: 'taker', time: T(1), positionId: 'o1' });
    expect(fill.fee).toBeCloseTo(2 * 100.1 * 0.0005, 12);
    expect(fill.margin).toBeCloseTo(100.1, 12);
    expect(fill.cashDelta).toBeCloseTo(-100.1 - 0.1001, 12);
    expect(v.account().cash).toBeCloseTo(10_000 - 100.2001, 9);
    expect(next.orders).toEqual([expect.objectContaining({ status: 'filled', filledQuantity: 2, averagePrice: 100.1, updatedAt: T(1) })]);

    const p = v.account().positions[0];
    expect(p).toMatchObject({
      id: 'o1',
      side: 'long',
      quantity: 2,
      entryPrice: 100.1,
      entryTime: T(1),
      leverage: 2,
      atr: 3,
      peakPrice: 100.1,
      trailing: false,
    });
    expect(p?.stopPrice).toBeCloseTo(95.1, 10);
    expect(p?.takeProfitPrice).toBeCloseTo(110.1, 10);
    expect(p?.liquidationPrice).toBeCloseTo(100.1 * (1 - 0.5 + 0.005), 10);
  });

  it('sells at the open minus slippage, and keeps fill prices on the tick grid, rounded against the trader', async () => {
    const v = venue();
    await v.submit(order({ side: 'sell' }));
    const ev = await v.onBar(SYM, bar(1, 100.03, 101, 99, 100));
    expect(ev.fills[0]?.price).toBe(99.92); // 100.03 * 0.999 = 99.92997, rounded down for a sell
    expect(roundPriceAgainst(100.03 * 1.001, 'buy', 2)).toBe(100.14);
    expect(truncateAmount(1.23456, 3)).toBe(1.234);
    expect(v.account().positions[0]).toMatchObject({ side: 'short', entryPrice: 99.92 });
  });

  it('takes ATR from the stop distance when the order carries none', async () => {
    const { position } = await withPosition({ stopDistance: 4 });
    expect(position.atr).toBe(4);
  });

  it('fills a limit when the bar crosses it (maker, at the limit), at the open when marketable (taker), else keeps it open', async () => {
    const v = venue(10_000, { slippageBps: 0 });
    await v.submit(order({ type: 'limit', limitPrice: 95, leverage: 1 }));
    expect((await v.onBar(SYM, bar(1, 100, 101, 96, 99))).fills).toEqual([]);
    expect(v.account().openOrders[0]?.status).toBe('open');
    const crossed = await v.onBar(SYM, bar(2, 99, 100, 94.5, 96));
    expect(crossed.fills[0]).toMatchObject({ price: 95, liquidity: 'maker', fee: 95 * 0.0002 });

    const w = venue(10_000, { slippageBps: 10 });
    await w.submit(order({ type: 'limit', limitPrice: 95, leverage: 1 }));
    const gapped = await w.onBar(SYM, bar(1, 94, 96, 93, 95));
    expect(gapped.fills[0]).toMatchObject({ price: 94, liquidity: 'taker', fee: 94 * 0.0005 });

    const s = venue();
    await s.submit(order({ type: 'limit', side: 'sell', limitPrice: 105 }));
    const sold = await s.onBar(SYM, bar(1, 100, 106, 99, 104));
    expect(sold.fills[0]).toMatchObject({ price: 105, liquidity: 'maker', side: 'sell' });
    expect(s.account().positions[0]?.side).toBe('short');
  });
});

describe('SimulatedVenue: adding to a position', () => {
  it('fills an order on the open side as an increase of the same position: weighted entry, margin and fee from cash', async () => {
    const { v } = await withPosition({ quantity: 2, leverage: 2, stopDistance: 5, atr: 3 }, { slippageBps: 0 }); // long 2 at 100, stop 95
    const add = await v.submit(order({ clientOrderId: 'add', quantity: 1, leverage: 2, stopDistance: 4, takeProfitDistance: 10, atr: 2, signalBarTime: T(1) }));
    expect(add.status).toBe('open');
    const cash = v.account().cash;
    const ev = await v.onBar(SYM, bar(2, 106, 107, 105, 106));
    expect(ev.fills).toEqual([
      expect.objectContaining({ id: 'add:fill', clientOrderId: 'add', positionId: 'o1', effect: 'increase', quantity: 1, price: 106, margin: 53 }),
    ]);
    expect(ev.fills[0]?.cashDelta).toBeCloseTo(-53 - 106 * 0.0005, 12);
    expect(v.account().cash).toBeCloseTo(cash - 53 - 106 * 0.0005, 9);
    const p = v.account().positions[0];
    expect(p).toMatchObject({ id: 'o1', quantity: 3, entryPrice: 102, margin: 153, leverage: 2, entryTime: T(1), atr: 2 });
    expect(p?.stopPrice).toBeCloseTo(98, 10); // tighter than 95
    expect(p?.takeProfitPrice).toBeCloseTo(112, 10);
    expect(ev.orders).toEqual([expect.objectContaining({ status: 'filled', filledQuantity: 1, averagePrice: 106 })]);
  });

  it('checks margin, fee and the venue minimum of an add as of an entry', async () => {
    const { v } = await withPosition({ quantity: 2, leverage: 1 }, { slippageBps: 0 }, 250); // 200 locked, ~50 free
    expect((await v.submit(order({ clientOrderId: 'big', quantity: 1, leverage: 1, signalBarTime: T(1) }))).rejectReason).toMatch(
      /margin \+ estimated fee .* exceed the free cash/,
    );
    expect((await v.submit(order({ clientOrderId: 'tiny', quantity: 0.04, leverage: 1, signalBarTime: T(1) }))).rejectReason).toMatch(
      /below the venue minimum 5/,
    );
    expect((await v.submit(order({ clientOrderId: 'lev', quantity: 0.1, leverage: 20, signalBarTime: T(1) }))).rejectReason).toMatch(/leverage 20x outside/);
    expect((await v.submit(order({ clientOrderId: 'ok', quantity: 0.4, leverage: 1, signalBarTime: T(1) }))).status).toBe('open');
    expect((await v.submit(order({ clientOrderId: 'second', quantity: 0.1, leverage: 1, signalBarTime: T(1) }))).rejectReason).toMatch(
      /opening order ok on SOL\/USD is still pending/,
    );
  });

  it('refuses at the fill an entry against a position that is still open (its close did not fill first)', async () => {
    const { v } = await withPosition({ leverage: 1 }, { slippageBps: 0 });
    await v.submit(order({ clientOrderId: 'x', type: 'limit', limitPrice: 120, side: 'sell', reduceOnly: true, signalBarTime: T(1) }));
    await v.submit(order({ clientOrderId: 'rev', side: 'sell', leverage: 1, signalBarTime: T(1) }));
    const ev = await v.onBar(SYM, bar(2, 101, 102, 100, 101));
    expect(ev.fills).toEqual([]);
    expect(ev.orders.find((o) => o.request.clientOrderId === 'rev')).toMatchObject({
      status: 'rejected',
      rejectReason: expect.stringMatching(/long position on SOL\/USD was still open .*reverse with a reduce-only close first/),
    });
  });

  it('closes an increased position against its average entry, and continues it the same after a restart', async () => {
    const { v } = await withPosition({ quantity: 1, leverage: 2 }, { slippageBps: 0 }); // long 1 at 100
    await v.submit(order({ clientOrderId: 'add', quantity: 1, leverage: 2, signalBarTime: T(1) }));
    await v.onBar(SYM, bar(2, 110, 111, 109, 110)); // entry 105 on 2
    const restored = venue(0, { slippageBps: 0, state: v.snapshot(), lastBars: new Map([[SYM, T(2)]]) });
    for (const w of [v, restored]) await w.submit(order({ clientOrderId: 'x', side: 'sell', reduceOnly: true, quantity: 2, signalBarTime: T(2) }));
    const [a, b] = [await v.onBar(SYM, bar(3, 108, 109, 107, 108)), await restored.onBar(SYM, bar(3, 108, 109, 107, 108))];
    expect(b).toEqual(a);
    expect(a.fills[0]).toMatchObject({ effect: 'close', quantity: 2, margin: 105, positionId: 'o1' });
    expect(a.fills[0]?.realizedPnl).toBeCloseTo(6, 10);
    expect(restored.account()).toEqual(v.account());
  });
});

describe('SimulatedVenue: post-only limit orders', () => {
  const priced = async (): Promise<SimulatedVenue> => {
    const v = venue(10_000, { slippageBps: 0 });
    await v.onBar(SYM, bar(0, 100, 100.5, 99.5, 100)); // last close 100
    return v;
  };

  it('refuses one that would take liquidity when placed (a buy above the last close, a sell below) and rests one at the touch', async () => {
    const v = await priced();
    for (const [side, limitPrice] of [
      ['buy', 101],
      ['sell', 99],
    ] as const) {
      const s = await v.submit(order({ clientOrderId: `${side}${limitPrice}`, type: 'limit', side, limitPrice, postOnly: true }));
      expect(s.status).toBe('rejected');
      expect(s.rejectReason).toMatch(
        new RegExp(`post-only ${side} limit ${limitPrice} is ${side === 'buy' ? 'above' : 'below'} the last price 100: it would take liquidity`),
      );
    }
    const touch = await v.submit(order({ clientOrderId: 'touch', type: 'limit', side: 'buy', limitPrice: 100, postOnly: true }));
    expect(touch.status).toBe('open');
    await v.cancel('touch', 1);
    expect((await v.submit(order({ clientOrderId: 'm', postOnly: true }))).rejectReason).toMatch(/only a limit order can be post-only/);
    expect(v.account().openOrders).toEqual([]);
  });

  it('rests below the market, and fills at its price as maker with the maker fee only when a bar trades through it', async () => {
    const v = await priced();
    expect((await v.submit(order({ type: 'limit', limitPrice: 99.5, postOnly: true }))).status).toBe('open');
    expect((await v.onBar(SYM, bar(1, 100, 100.2, 99.5, 99.8))).fills).toEqual([]); // touched
    const ev = await v.onBar(SYM, bar(2, 99, 99.6, 98.5, 99)); // opened through it: still at its price, maker
    expect(ev.fills[0]).toMatchObject({ price: 99.5, liquidity: 'maker', fee: 99.5 * 0.0002 });
  });

  it('keeps the flag across a restart: a restored post-only order does not take at the open', async () => {
    const v = await priced();
    await v.submit(order({ type: 'limit', limitPrice: 99.5, postOnly: true }));
    const restored = venue(0, { slippageBps: 0, state: v.snapshot() });
    expect(restored.account().openOrders[0]?.request.postOnly).toBe(true);
    expect((await restored.onBar(SYM, bar(1, 99, 99.6, 98.5, 99))).fills[0]).toMatchObject({ price: 99.5, liquidity: 'maker' });
  });
});

describe('SimulatedVenue: stops, targets, liquidation', () => {
  it('stops a long intrabar at the stop less slippage, with the taker fee, on an order of its own', async () => {
    const { v } = await withPosition({ quantity: 2, stopDistance: 5 }); // entry 100.1, stop 95.1
    const ev = await v.onBar(SYM, bar(2, 99, 99.5, 95, 96));
    const fill = ev.fills[0] as Fill;
    expect(fill).toMatchObject({ id: 'o1:stop:fill', clientOrderId: 'o1:stop', effect: 'stop', side: 'sell', price: 95, liquidity: 'taker' });
    expect(fill.fee).toBeCloseTo(2 * 95 * 0.0005, 12);
    expect(fill.realizedPnl).toBeCloseTo((95 - 100.1) * 2, 10);
    expect(ev.orders).toEqual([
      expect.objectContaining({ status: 'filled', request: expect.objectContaining({ clientOrderId: 'o1:stop', type: 'market', reduceOnly: true }) }),
    ]);
    expect(ev.closedPositions).toEqual([expect.objectContaining({ exitReason: 'stop', exitPrice: 95, exitTime: T(2) })]);
    expect(v.account().positions).toEqual([]);
  });

  it('stops a short when the bar rises through its stop', async () => {
    const { v } = await withPosition({ side: 'sell', stopDistance: 5 }); // entry 99.9, stop 104.9
    const ev = await v.onBar(SYM, bar(2, 101, 105, 100, 104));
    expect(ev.fills[0]).toMatchObject({ effect: 'stop', side: 'buy', price: 105.01 }); // 104.9 * 1.001, rounded up
  });

  it('fills a gap through the stop at the open, not at the stop', async () => {
    const { v } = await withPosition({ stopDistance: 5 });
    const ev = await v.onBar(SYM, bar(2, 93, 94, 92, 93));
    expect(ev.fills[0]).toMatchObject({ effect: 'stop', price: 92.9 }); // 93 * 0.999 = 92.907, rounded down
  });

  it('assumes the stop came first when one bar touches both stop and target', async () => {
    const { v } = await withPosition({ stopDistance: 5, takeProfitDistance: 10 });
    const ev = await v.onBar(SYM, bar(2, 100, 111, 95, 108));
    expect(ev.fills.map((f) => f.effect)).toEqual(['stop']);
  });

  it('stops a position on the very bar it opened, when that bar falls through the stop after the open', async () => {
    const v = venue();
    await v.submit(order({ stopDistance: 2 })); // entry 100.1, stop 98.1
    const ev = await v.onBar(SYM, bar(1, 100, 100.5, 97, 98));
    expect(ev.fills.map((f) => f.effect)).toEqual(['open', 'stop']);
    expect(ev.closedPositions).toHaveLength(1);
  });

  it('takes profit at the target (maker), or at the open when it gaps beyond', async () => {
    const { v } = await withPosition({ stopDistance: 5, takeProfitDistance: 10 }); // tp 110.1
    const ev = await v.onBar(SYM, bar(2, 101, 111, 100, 110));
    expect(ev.fills[0]).toMatchObject({ id: 'o1:tp:fill', effect: 'take_profit', price: 110.1, liquidity: 'maker' });
    expect(ev.orders[0]?.request).toMatchObject({ type: 'limit', limitPrice: 110.1, reduceOnly: true });

    const { v: w } = await withPosition({ stopDistance: 5, takeProfitDistance: 10 });
    const gap = await w.onBar(SYM, bar(2, 112, 113, 111, 112));
    expect(gap.fills[0]).toMatchObject({ effect: 'take_profit', price: 112 });
  });

  it('liquidates at the liquidation price when a bar crosses it: cashDelta 0, equity drops by the margin', async () => {
    // 10x long at 100 without slippage: margin 10, liquidation 100 * (1 - 0.1 + 0.005) = 90.5
    const { v, position } = await withPosition({ leverage: 10 }, { slippageBps: 0 });
    expect(position.liquidationPrice).toBeCloseTo(90.5, 10);
    const marks = new Map([[SYM, 100]]);
    const before = equityOf(v.account(), marks).equity;
    const ev = await v.onBar(SYM, bar(2, 99, 99, 90, 91));
    const fill = ev.fills[0] as Fill;
    expect(fill).toMatchObject({ id: 'o1:liq:fill', effect: 'liquidation', price: position.liquidationPrice, cashDelta: 0 });
    expect(fill.realizedPnl).toBeCloseTo(-9.5, 10);
    expect(fill.fee).toBeCloseTo(0.5, 10); // the maintenance margin goes to the exchange
    expect(equityOf(v.account(), marks).equity).toBeCloseTo(before - 10, 10);
    expect(ev.closedPositions[0]?.exitReason).toBe('liquidation');
  });

  it('liquidates rather than stops when the stop lies beyond the liquidation price', async () => {
    const { v } = await withPosition({ leverage: 10, stopDistance: 20 }, { slippageBps: 0 }); // stop 80 < liq 90.5
    const ev = await v.onBar(SYM, bar(2, 99, 99, 79, 85));
    expect(ev.fills.map((f) => f.effect)).toEqual(['liquidation']);
  });

  it('liquidates a gap beyond the liquidation price at that price, and cancels the close that came too late', async () => {
    const { v, position } = await withPosition({ leverage: 10, stopDistance: 5 }, { slippageBps: 0 });
    await v.submit(order({ clientOrderId: 'x', side: 'sell', reduceOnly: true, signalBarTime: T(1) }));
    const ev = await v.onBar(SYM, bar(2, 85, 86, 84, 85));
    expect(ev.fills).toHaveLength(1);
    expect(ev.fills[0]).toMatchObject({ effect: 'liquidation', price: position.liquidationPrice, cashDelta: 0 });
    expect(ev.orders.find((o) => o.request.clientOrderId === 'x')?.status).toBe('cancelled');
  });
});

describe('SimulatedVenue: closes and reversals', () => {
  it('reverses in one bar: the close frees the margin the new entry needs', async () => {
    // 1x long of 1 at 100 locks 100 of 120: the short only fits with the long's margin back.
    const { v } = await withPosition({ leverage: 1 }, { slippageBps: 0 }, 120);
    expect((await v.submit(order({ clientOrderId: 'alone', side: 'sell', leverage: 1, signalBarTime: T(1) }))).rejectReason).toMatch(
      /position on SOL\/USD is open/,
    );
    await v.submit(order({ clientOrderId: 'x', side: 'sell', reduceOnly: true, signalBarTime: T(1) }));
    const entry = await v.submit(order({ clientOrderId: 'o2', side: 'sell', leverage: 1, signalBarTime: T(1) }));
    expect(entry.status).toBe('open');
    const ev = await v.onBar(SYM, bar(2, 110, 111, 109, 110));
    expect(ev.fills.map((f) => [f.clientOrderId, f.effect, f.price])).toEqual([
      ['x', 'close', 110],
      ['o2', 'open', 110],
    ]);
    expect(ev.fills[0]?.realizedPnl).toBeCloseTo(10, 10);
    expect(v.account().positions).toEqual([expect.objectContaining({ id: 'o2', side: 'short', entryPrice: 110 })]);
    expect(v.account().cash).toBeCloseTo(120 - 100.05 + (100 + 10 - 0.055) - (110 + 0.055), 9);
  });

  it('closes part of a position, releasing its margin in proportion, and closes the rest later', async () => {
    const { v } = await withPosition({ quantity: 2, leverage: 2 }, { slippageBps: 0 }); // margin 100
    await v.submit(order({ clientOrderId: 'p1', side: 'sell', reduceOnly: true, quantity: 0.5, signalBarTime: T(1) }));
    const part = await v.onBar(SYM, bar(2, 104, 105, 103, 104));
    expect(part.fills[0]).toMatchObject({ effect: 'close', quantity: 0.5, margin: 25, price: 104 });
    expect(part.fills[0]?.realizedPnl).toBeCloseTo(2, 10);
    expect(part.closedPositions).toEqual([]);
    expect(v.account().positions[0]).toMatchObject({ quantity: 1.5, margin: 75 });

    // More than what is left: a reduce-only order closes what is there and never flips the position.
    await v.submit(order({ clientOrderId: 'p2', side: 'sell', reduceOnly: true, quantity: 5, signalBarTime: T(2) }));
    const rest = await v.onBar(SYM, bar(3, 106, 107, 105, 106));
    expect(rest.fills[0]).toMatchObject({ quantity: 1.5, margin: 75 });
    expect(rest.closedPositions[0]?.realizedPnl).toBeCloseTo(2 + 9, 10);
    expect(rest.closedPositions[0]?.position.quantity).toBe(1.5);
    expect(v.account().positions).toEqual([]);
  });

  it('cancels the reduce-only orders of a position when it closes', async () => {
    const { v } = await withPosition({ stopDistance: 5 });
    await v.submit(order({ clientOrderId: 'target', type: 'limit', limitPrice: 120, side: 'sell', reduceOnly: true, signalBarTime: T(1) }));
    const ev = await v.onBar(SYM, bar(2, 99, 99, 94, 95));
    expect(ev.orders.find((o) => o.request.clientOrderId === 'target')).toMatchObject({
      status: 'cancelled',
      rejectReason: expect.stringMatching(/closed \(stop\)/),
    });
    expect(v.account().openOrders).toEqual([]);
  });

  it('cancels an open order on request; unknown ids give undefined', async () => {
    const v = venue();
    await v.submit(order({ type: 'limit', limitPrice: 90 }));
    expect(await v.cancel('o1', T(1))).toMatchObject({ status: 'cancelled', updatedAt: T(1) });
    expect(await v.cancel('nope', T(1))).toBeUndefined();
    expect((await v.onBar(SYM, bar(1, 89, 90, 88, 89))).fills).toEqual([]);
  });

  it('protect replaces the protective levels; an unknown position is a broken invariant', async () => {
    const { v } = await withPosition({ stopDistance: 5 });
    await v.protect('o1', { stopPrice: 99, trailing: true, peakPrice: 103 }, T(2));
    expect(v.account().positions[0]).toMatchObject({ stopPrice: 99, trailing: true, peakPrice: 103 });
    expect(v.account().positions[0]?.takeProfitPrice).toBeUndefined();
    expect((await v.onBar(SYM, bar(2, 100, 101, 98.5, 99))).fills[0]).toMatchObject({ effect: 'stop', price: 98.9 });
    expect(() => v.protect('ghost', { trailing: false, peakPrice: 1 }, T(3))).toThrow(FatalError);
  });
});

describe('SimulatedVenue: refusals', () => {
  async function rejection(over: Partial<OrderRequest>, setup?: (v: SimulatedVenue) => Promise<void>, cash = 10_000): Promise<string> {
    const v = venue(cash);
    await v.onBar(SYM, bar(-1, 100, 100, 100, 100)); // a price for the venue's cost checks
    if (setup) await setup(v);
    const s = await v.submit(order({ clientOrderId: 'r', ...over }));
    expect(s.status).toBe('rejected');
    expect(v.account().openOrders.some((o) => o.request.clientOrderId === 'r')).toBe(false);
    return s.rejectReason ?? '';
  }
  const open = async (v: SimulatedVenue) => {
    await v.submit(order({ signalBarTime: T(-1) }));
    await v.onBar(SYM, bar(0, 100, 100, 100, 100));
  };

  it('refuses each invalid order with a reason, without throwing', async () => {
    expect(await rejection({ quantity: 0.0099 })).toMatch(/quantity 0\.009 .*truncation to 3 decimals.* minimum 0\.01/);
    expect(await rejection({ quantity: 0.04 })).toMatch(/order value .* below the venue minimum 5/);
    expect(await rejection({ leverage: 11 })).toMatch(/leverage 11x outside 1x\.\.10x/);
    expect(await rejection({ leverage: 0.5 })).toMatch(/leverage 0\.5x/);
    expect(await rejection({ type: 'limit' })).toMatch(/limit order without a positive limitPrice/);
    expect(await rejection({ symbol: 'DOGE/USD' })).toMatch(/unknown symbol DOGE\/USD/);
    expect(await rejection({ quantity: -1 })).toMatch(/not a positive number/);
    expect(await rejection({ side: 'sell', reduceOnly: true })).toMatch(/no position is open/);
    expect(await rejection({ side: 'buy', reduceOnly: true }, open)).toMatch(/would add to the long/);
    expect(await rejection({ side: 'sell', signalBarTime: T(0) }, open)).toMatch(
      /long position on SOL\/USD is open: one position per symbol \(reverse with a reduce-only close first\)/,
    );
    expect(await rejection({ quantity: 3, leverage: 2 }, undefined, 100)).toMatch(/margin \+ estimated fee .* exceed the free cash 100/);
    expect(await rejection({}, async (v) => void (await v.submit(order({ clientOrderId: 'first' }))))).toMatch(/first on SOL\/USD is still pending/);
  });

  it('truncates the quantity like ccxt and keeps the order it accepted', async () => {
    const v = venue();
    const s = await v.submit(order({ quantity: 1.23456 }));
    expect(s.request.quantity).toBe(1.234);
  });

  it('checks cost and cash at the fill when no price was known at submission', async () => {
    const v = venue(100);
    expect((await v.submit(order({ quantity: 3, leverage: 1 }))).status).toBe('open');
    const ev = await v.onBar(SYM, bar(1, 100, 100, 100, 100));
    expect(ev.fills).toEqual([]);
    expect(ev.orders[0]).toMatchObject({ status: 'rejected', updatedAt: T(1), rejectReason: expect.stringMatching(/exceed the free cash 100/) });
    expect(v.account().cash).toBe(100);
  });

  it('is idempotent on clientOrderId: a resubmission returns the existing state, never a second order', async () => {
    const v = venue();
    const first = await v.submit(order());
    expect(await v.submit(order({ quantity: 5 }))).toEqual(first);
    expect(v.account().openOrders).toHaveLength(1);
    await v.onBar(SYM, bar(1, 100, 100, 100, 100));
    const again = await v.submit(order());
    expect(again.status).toBe('filled');
    expect((await v.onBar(SYM, bar(2, 100, 100, 100, 100))).fills).toEqual([]);
    expect(v.account().positions).toHaveLength(1);

    const bad = await v.submit(order({ clientOrderId: 'bad', leverage: 50 }));
    expect(await v.submit(order({ clientOrderId: 'bad' }))).toEqual(bad);

    const restored = venue(0, { state: v.snapshot() });
    expect((await restored.submit(order())).rejectReason).toMatch(/duplicate clientOrderId o1/);
    expect(restored.account().openOrders).toEqual([]);
  });

  it('refuses unknown markets and bars out of order as errors, not as rejections', async () => {
    const v = venue();
    expect(() => v.market('DOGE/USD')).toThrow(UserError);
    expect(v.market(SYM)).toEqual(market);
    v.onBar(SYM, bar(2, 100, 100, 100, 100));
    expect(() => v.onBar(SYM, bar(2, 100, 100, 100, 100))).toThrow(FatalError);
  });

  it('hands out what cannot change the venue: positions are frozen values, orders copies', async () => {
    const { v } = await withPosition();
    const snap = v.snapshot();
    expect(() => {
      (snap.positions[0] as { quantity: number }).quantity = 99;
    }).toThrow(TypeError);
    expect(v.account().positions[0]?.quantity).toBe(1);
  });
});

describe('equityOf', () => {
  it('is cash plus margin plus unrealised P&L at the marks', async () => {
    const { v, position } = await withPosition({ quantity: 2, leverage: 2 }, { slippageBps: 0 });
    const e = equityOf(v.account(), new Map([[SYM, 103]]));
    expect(e.margin).toBe(position.margin);
    expect(e.unrealizedPnl).toBeCloseTo(6, 10);
    expect(e.equity).toBeCloseTo(e.cash + 100 + 6, 10);
  });
});

describe.skipIf(!hasSharedData)('SimulatedVenue over real SOL/USDT bars', () => {
  const realMarket: MarketInfo = { ...market, amountPrecision: 2 };
  const bars: Bar[] = hasSharedData ? readBinanceCsv(sharedFile('binance', 'SOL-USDT_1h.csv')).slice(30_000, 30_400) : [];
  const CAPITAL = 5_000;
  const options = (state: AccountSnapshot): SimulatedVenueOptions => ({
    markets: new Map([[SYM, realMarket]]),
    fees: { maker: 0.0002, taker: 0.0005 },
    slippageBps: 5,
    maintenanceMarginRate: 0.005,
    state,
  });

  function atrAt(i: number): number {
    const window = bars.slice(Math.max(0, i - 13), i + 1);
    return window.reduce((s, b) => s + b.high - b.low, 0) / window.length;
  }

  /** A scripted trader: its choices depend only on the bar index and what the venue reports. */
  async function trade(v: SimulatedVenue, i: number, submitted: OrderState[]): Promise<void> {
    const b = bars[i] as Bar;
    let acct = v.account();
    const held = acct.positions[0];
    if (held) {
      const protection = trailStop(held, b, { trailActivationAtr: 1, trailDistanceAtr: 1.5 });
      if (protection) await v.protect(held.id, protection, b.time + H);
      acct = v.account();
    }
    const rng = seededRng(7_000 + i);
    const r = rng.next();
    const pos = acct.positions[0];
    const base = { symbol: SYM, createdAt: b.time + H, signalBarTime: b.time, reason: 'script' };
    const atr = atrAt(i);
    const entry = (id: string, side: 'buy' | 'sell', cash: number): Approved<OrderRequest> => {
      const leverage = 1 + Math.floor(rng.next() * 12); // sometimes above the market's 10x: refused
      const limit = rng.next() < 0.3;
      return {
        ...base,
        clientOrderId: id,
        side,
        reduceOnly: false,
        leverage,
        type: limit ? 'limit' : 'market',
        ...(limit && { limitPrice: b.close * (side === 'buy' ? 0.995 : 1.005) }),
        quantity: (cash * 0.4 * leverage) / b.close,
        stopDistance: atr * (0.5 + rng.next() * 2),
        ...(rng.next() < 0.5 && { takeProfitDistance: atr * 3 }),
        atr,
      } as Approved<OrderRequest>;
    };
    if (acct.openOrders.length > 0) {
      if (r < 0.2) await v.cancel((acct.openOrders[0] as OrderState).request.clientOrderId, b.time + H);
      return;
    }
    if (!pos) {
      if (r < 0.35) submitted.push(await v.submit(entry(`o${i}`, rng.next() < 0.5 ? 'buy' : 'sell', acct.cash)));
      return;
    }
    const exitSide = pos.side === 'long' ? 'sell' : 'buy';
    if (r < 0.08) {
      submitted.push(
        await v.submit({
          ...base,
          clientOrderId: `p${i}`,
          side: exitSide,
          type: 'market',
          quantity: pos.quantity / 2,
          leverage: pos.leverage,
          reduceOnly: true,
        } as Approved<OrderRequest>),
      );
    } else if (r < 0.16) {
      submitted.push(
        await v.submit({
          ...base,
          clientOrderId: `x${i}`,
          side: exitSide,
          type: 'market',
          quantity: pos.quantity,
          leverage: pos.leverage,
          reduceOnly: true,
        } as Approved<OrderRequest>),
      );
      submitted.push(await v.submit(entry(`o${i}`, exitSide, acct.cash + pos.margin)));
    } else if (r < 0.22) {
      // An add on the position's own side.
      submitted.push(await v.submit(entry(`a${i}`, pos.side === 'long' ? 'buy' : 'sell', acct.cash / 2)));
    }
  }

  interface Step {
    readonly events: VenueEvents;
    readonly submitted: readonly OrderState[];
    readonly after: AccountSnapshot;
  }

  async function run(v: SimulatedVenue, from: number, snapshots?: Map<number, AccountSnapshot>): Promise<Step[]> {
    const steps: Step[] = [];
    for (let i = from; i < bars.length; i++) {
      const events = await v.onBar(SYM, bars[i] as Bar);
      const submitted: OrderState[] = [];
      await trade(v, i, submitted);
      const after = v.snapshot();
      snapshots?.set(i, after);
      steps.push({ events, submitted, after });
    }
    return steps;
  }

  const withoutPnl = (c: ClosedPosition) => ({ ...c, realizedPnl: 0 });

  it('keeps the books: cash = capital + sum(cashDelta), each cashDelta as the fill implies, every fill after its signal bar', async () => {
    const steps = await run(new SimulatedVenue(options({ cash: CAPITAL, positions: [], openOrders: [] })), 0);
    const fills = steps.flatMap((s) => s.events.fills);
    const orders = steps.flatMap((s) => s.events.orders);
    const submitted = steps.flatMap((s) => s.submitted);
    const effects = new Set(fills.map((f) => f.effect));
    expect(fills.length).toBeGreaterThan(40);
    for (const e of ['open', 'increase', 'close', 'stop'] as const) expect(effects).toContain(e);
    expect(submitted.some((o) => o.status === 'rejected')).toBe(true);

    let cash = CAPITAL;
    for (const f of fills) {
      expect(f.cashDelta).toBe(impliedCashDelta(f));
      cash += f.cashDelta;
      const order = orders.find((o) => o.request.clientOrderId === f.clientOrderId && o.status === 'filled');
      expect(order, `fill ${f.id} has a filled order`).toBeDefined();
      // Stops, targets and liquidations have no signal bar: the venue fires them.
      if (f.effect === 'open' || f.effect === 'increase' || f.effect === 'close') expect(f.time).toBeGreaterThan(order?.request.signalBarTime ?? Infinity);
    }
    expect(steps.at(-1)?.after.cash).toBe(cash);
    expect(new Set(fills.map((f) => f.id)).size).toBe(fills.length);
  });

  it('restored from snapshot() at any bar, continues exactly like the uninterrupted venue', async () => {
    const snapshots = new Map<number, AccountSnapshot>();
    const whole = await run(new SimulatedVenue(options({ cash: CAPITAL, positions: [], openOrders: [] })), 0, snapshots);
    let withPosition = 0;
    let withPendingClose = 0;
    let withIncreased = 0;
    const increasedBy = (cut: number) =>
      new Set(
        whole
          .slice(0, cut + 1)
          .flatMap((s) => s.events.fills)
          .filter((f) => f.effect === 'increase')
          .map((f) => f.positionId),
      );
    for (let cut = 10; cut < bars.length - 1; cut += 3) {
      const state = snapshots.get(cut) as AccountSnapshot;
      if (state.positions.length > 0) withPosition++;
      const increased = increasedBy(cut);
      if (state.positions.some((p) => increased.has(p.id))) withIncreased++;
      if (state.openOrders.some((o) => o.request.reduceOnly)) withPendingClose++;
      const resumed = await run(new SimulatedVenue(options(state)), cut + 1);
      const expected = whole.slice(cut + 1);
      expect(resumed.map((s) => s.submitted)).toEqual(expected.map((s) => s.submitted));
      expect(resumed.map((s) => s.events.fills)).toEqual(expected.map((s) => s.events.fills));
      expect(resumed.map((s) => s.events.orders)).toEqual(expected.map((s) => s.events.orders));
      expect(resumed.map((s) => s.events.closedPositions.map(withoutPnl))).toEqual(expected.map((s) => s.events.closedPositions.map(withoutPnl)));
      expect(resumed.map((s) => s.after)).toEqual(expected.map((s) => s.after));
    }
    // The cuts must land in the interesting states, or this test would prove little.
    expect(withPosition).toBeGreaterThan(20);
    expect(withIncreased).toBeGreaterThan(2);
    expect(withPendingClose).toBeGreaterThan(2);
  });
});
