import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/domain/bar.js';
import type { FinancingCharge } from '../../../src/domain/financing.js';
import type { Fill } from '../../../src/domain/fill.js';
import type { MarketInfo } from '../../../src/domain/market.js';
import type { Approved, OrderRequest, OrderState } from '../../../src/domain/order.js';
import { SimulatedVenue } from '../../../src/execution/index.js';
import type { FinancingSchedule } from '../../../src/execution/ledger/index.js';
import { LiveBook, noEvents } from '../../../src/execution/live/liveBook.js';
import type { ExchangeLedgerEntry, ExchangeTrade } from '../../../src/execution/live/tradingApi.js';

const SYM = 'ETH/USD';
const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const T = (i: number): number => T0 + i * H;
const market: MarketInfo = { symbol: SYM, base: 'ETH', quote: 'USD', pricePrecision: 2, amountPrecision: 8, minAmount: 0.002, minCost: 0.5, maxLeverage: 5 };
const FINANCING: FinancingSchedule = { intervalHours: 4, rates: { default: 0.0002, USD: 0.00025, ETH: 0.0002 } };

function order(id: string, signalBar: number, over: Partial<OrderRequest> = {}): Approved<OrderRequest> {
  return {
    clientOrderId: id,
    symbol: SYM,
    side: 'sell',
    type: 'market',
    quantity: 2,
    leverage: 3,
    reduceOnly: false,
    createdAt: T(signalBar + 1),
    signalBarTime: T(signalBar),
    reason: 'script',
    stopDistance: 200,
    atr: 80,
    ...over,
  } as Approved<OrderRequest>;
}

/** A scripted (SYNTHETIC) bar: a mechanics session, not a market. */
const bar = (i: number, price: number): Bar => ({ time: T(i), open: price, high: price + 5, low: price - 5, close: price, volume: 1 });

/** The exchange's report of a fill the simulated venue made: what the live venue would read back. */
function tradeOf(f: Fill): ExchangeTrade {
  return {
    id: f.id,
    orderTxid: `tx-${f.clientOrderId}`,
    symbol: f.symbol,
    pair: 'XETHZUSD',
    side: f.side,
    price: f.price,
    volume: f.quantity,
    cost: f.price * f.quantity,
    fee: f.fee,
    margin: f.margin,
    leverage: f.leverage,
    closing: f.effect === 'close',
    maker: f.liquidity === 'maker',
    time: f.time,
  };
}

/**
 * What Kraken's ledger shows for a charge the simulated venue made: an opening fee inside the 'margin'
 * entry of its trade, beside the trade's own fee; a rollover as a 'rollover' entry of the position.
 */
function ledgerOf(c: FinancingCharge, fills: readonly Fill[]): ExchangeLedgerEntry {
  const trade =
    c.kind === 'margin_open' ? fills.find((f) => c.id === `${f.id}:margin_open`) : fills.find((f) => f.positionId === c.positionId && f.effect === 'open');
  if (!trade) throw new Error(`no trade for charge ${c.id}`);
  const fee = c.kind === 'margin_open' ? trade.fee + c.amount : c.amount;
  return { id: `L-${c.id}`, refid: trade.id, time: c.time, type: c.kind === 'margin_open' ? 'margin' : 'rollover', asset: 'USD', amount: 0, fee };
}

describe('LiveBook on the position ledger', () => {
  it('books the same session as the simulated venue into the same books: open, increase, partial and full close, and the financing the ledger shows', async () => {
    const sim = new SimulatedVenue({
      markets: new Map([[SYM, market]]),
      fees: { maker: 0.0016, taker: 0.0026 },
      slippageBps: 0,
      maintenanceMarginRate: 0.005,
      state: { cash: 20_000, positions: [], openOrders: [] },
      financing: FINANCING,
      barMs: H,
    });
    const book = new LiveBook({ cash: 20_000, positions: [], orders: [], fillIds: [], markets: new Map([[SYM, market]]), maintenanceMarginRate: 0.005 });
    const script: Record<number, Approved<OrderRequest>[]> = {
      0: [order('short', 0)],
      2: [order('add', 2, { quantity: 1, leverage: 2, stopDistance: 150, atr: 60 })],
      7: [order('part', 7, { side: 'buy', reduceOnly: true, quantity: 1.5 })],
      10: [order('rest', 10, { side: 'buy', reduceOnly: true, quantity: 1.5 })],
    };
    const prices = [3000, 3010, 3020, 2950, 2940, 2960, 2980, 2990, 2970, 2900, 2910, 2920];
    const effects: string[] = [];
    const fills: Fill[] = [];
    let charged = 0;
    for (let i = 0; i < prices.length; i++) {
      const b = bar(i, prices[i] as number);
      const ev = await sim.onBar(SYM, b);
      const live = noEvents();
      for (const f of ev.fills) book.book(tradeOf(f), live);
      fills.push(...ev.fills);
      const entries = ev.charges.map((c) => ledgerOf(c, fills));
      // Read twice (each sync reads from a little before the last entry): booked once.
      for (const e of [...entries, ...entries]) book.bookFinancing(e, live);
      effects.push(...live.fills.map((f) => f.effect));
      // The live book books each exchange fill into the very fill the simulated venue made.
      expect(live.fills).toEqual(ev.fills);
      expect(live.closed).toEqual(ev.closedPositions);
      // And each charge the ledger shows as the simulated venue charged it, taken from cash.
      expect(live.charges.map((c) => [c.kind, c.positionId, c.time])).toEqual(ev.charges.map((c) => [c.kind, c.positionId, c.time]));
      for (const [k, c] of live.charges.entries()) expect(c.amount).toBeCloseTo(ev.charges[k]?.amount ?? NaN, 9);
      charged += ev.charges.reduce((a, c) => a + c.amount, 0);
      expect(book.positionList()).toEqual(sim.account().positions);
      expect(book.cash).toBeCloseTo(sim.account().cash, 9);
      for (const o of script[i] ?? []) {
        const state: OrderState = await sim.submit(o);
        book.track(state);
        book.setTxid(o.clientOrderId, `tx-${o.clientOrderId}`);
      }
    }
    expect(effects).toEqual(['open', 'increase', 'close', 'close']);
    expect(charged).toBeGreaterThan(0);
    expect(book.positionList()).toEqual([]);
  });

  it('refuses an exchange fill that opens against the position it holds', () => {
    const book = new LiveBook({ cash: 20_000, positions: [], orders: [], fillIds: [], markets: new Map([[SYM, market]]), maintenanceMarginRate: 0.005 });
    const trade = (id: string, side: 'buy' | 'sell'): ExchangeTrade => ({
      id,
      orderTxid: `tx-${id}`,
      symbol: SYM,
      pair: 'XETHZUSD',
      side,
      price: 3000,
      volume: 1,
      cost: 3000,
      fee: 1,
      margin: 1000,
      leverage: 3,
      closing: false,
      maker: false,
      time: T(1),
    });
    for (const [id, side] of [
      ['a', 'sell'],
      ['b', 'buy'],
    ] as const) {
      book.track({ request: order(id, 0, { side }), status: 'open', filledQuantity: 0, updatedAt: T(1) });
      book.setTxid(id, `tx-${id}`);
    }
    book.book(trade('a', 'sell'), noEvents());
    expect(() => book.book(trade('b', 'buy'), noEvents())).toThrow(/opens a long on ETH\/USD while position a \(short\) is open/);
  });
});
