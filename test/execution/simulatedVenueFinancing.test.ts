import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import type { FinancingCharge } from '../../src/domain/financing.js';
import type { MarketInfo } from '../../src/domain/market.js';
import type { Approved, OrderRequest } from '../../src/domain/order.js';
import type { VenueEvents } from '../../src/domain/ports.js';
import { SimulatedVenue, type SimulatedVenueOptions } from '../../src/execution/index.js';
import type { FinancingSchedule } from '../../src/execution/ledger/index.js';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const T = (i: number): number => T0 + i * H;
/** Kraken's published rates (support.kraken.com/articles/206161568): USD 0.025%, BTC 0.01%, ETH and SOL 0.02%. */
const KRAKEN: FinancingSchedule = { intervalHours: 4, rates: { default: 0.0002, USD: 0.00025, BTC: 0.0001, ETH: 0.0002, SOL: 0.0002 } };
const BTC = 'BTC/USD';
const btc: MarketInfo = { symbol: BTC, base: 'BTC', quote: 'USD', pricePrecision: 1, amountPrecision: 8, minAmount: 0.0001, minCost: 0.5, maxLeverage: 5 };

function venue(over: Partial<SimulatedVenueOptions> = {}): SimulatedVenue {
  return new SimulatedVenue({
    markets: new Map([[BTC, btc]]),
    fees: { maker: 0, taker: 0 },
    slippageBps: 0,
    maintenanceMarginRate: 0.005,
    state: { cash: 100_000, positions: [], openOrders: [] },
    financing: KRAKEN,
    barMs: H,
    ...over,
  });
}

/** Test-only: the venue's mechanics, not the risk rules that mint approvals. */
function order(over: Partial<OrderRequest> = {}): Approved<OrderRequest> {
  const signalBarTime = over.signalBarTime ?? T(0);
  return {
    clientOrderId: 'o1',
    symbol: BTC,
    side: 'buy',
    type: 'market',
    quantity: 1,
    leverage: 3,
    reduceOnly: false,
    createdAt: signalBarTime + H,
    signalBarTime,
    reason: 'test',
    ...over,
  } as Approved<OrderRequest>;
}

/** A flat SYNTHETIC bar at `price`: these tests check the schedule, not markets. */
const flat = (i: number, price = 50_000): Bar => ({ time: T(i), open: price, high: price + 50, low: price - 50, close: price, volume: 1 });

async function play(v: SimulatedVenue, from: number, to: number, price?: (i: number) => number): Promise<VenueEvents[]> {
  const out: VenueEvents[] = [];
  for (let i = from; i <= to; i++) out.push(await v.onBar(BTC, flat(i, price?.(i))));
  return out;
}

const summary = (charges: readonly FinancingCharge[]) => charges.map((c) => [c.kind, (c.time - T0) / H, c.amount]);

describe('SimulatedVenue: Kraken spot margin financing', () => {
  it('a 3x long of 1 BTC at 50,000 held 13 hours pays 0.025% of 50,000 at the open and at each of 3 rollovers', async () => {
    const v = venue();
    await v.submit(order());
    const held = await play(v, 0, 13); // opens at the open of bar 1 (T1); rollovers due T5, T9, T13
    await v.submit(order({ clientOrderId: 'x', side: 'sell', reduceOnly: true, signalBarTime: T(13) }));
    const closing = await play(v, 14, 14); // closes at the open of bar 14: held T1 -> T14, 13 hours
    const charges = [...held, ...closing].flatMap((e) => e.charges);
    // Hand-computed: 0.00025 x 50,000 = 12.5, at the open and at T1 + 4h, + 8h, + 12h (not + 16h).
    expect(summary(charges)).toEqual([
      ['margin_open', 1, 12.5],
      ['rollover', 5, 12.5],
      ['rollover', 9, 12.5],
      ['rollover', 13, 12.5],
    ]);
    expect(charges.map((c) => c.id)).toEqual(['o1:fill:margin_open', `o1:rollover@${T(5)}`, `o1:rollover@${T(9)}`, `o1:rollover@${T(13)}`]);
    // Each in the step whose bar closes at or after its time: bar 4 closes at T5.
    expect(held[4]?.charges.map((c) => c.time)).toEqual([T(5)]);
    // Cash = capital + sum(cashDelta) - sum(charges): no fees, no P&L, so only the financing is gone.
    expect(v.account().cash).toBeCloseTo(100_000 - 50, 9);
  });

  it('charges a short on the coin it borrows, at 0.01% for BTC, the rollover on the coin valued at the close', async () => {
    const v = venue();
    await v.submit(order({ side: 'sell', quantity: 2, leverage: 2 }));
    const ev = await play(v, 0, 5, (i) => (i < 4 ? 50_000 : 40_000));
    expect(summary(ev.flatMap((e) => e.charges))).toEqual([
      ['margin_open', 1, 10],
      ['rollover', 5, 2 * 40_000 * 0.0001],
    ]);
  });

  it('charges nothing for a leverage-1 long: a plain spot purchase', async () => {
    const v = venue();
    await v.submit(order({ leverage: 1 }));
    expect((await play(v, 0, 30)).flatMap((e) => e.charges)).toEqual([]);
    expect(v.account().cash).toBe(50_000);
  });

  it('charges the opening fee on what an increase adds, and rollovers on the grown position from the first entry on', async () => {
    const v = venue();
    await v.submit(order());
    await play(v, 0, 2);
    await v.submit(order({ clientOrderId: 'o2', signalBarTime: T(2) }));
    const ev = await play(v, 3, 4, () => 52_000); // the add fills at 52,000 at T3: entry 51,000 on 2 BTC
    const added = ev.flatMap((e) => e.charges);
    expect(ev[0]?.fills[0]).toMatchObject({ effect: 'increase', positionId: 'o1' });
    expect(summary(added)).toEqual([
      ['margin_open', 3, 52_000 * 0.00025],
      ['rollover', 5, 2 * 51_000 * 0.00025],
    ]);
    expect(added[0]).toMatchObject({ id: 'o2:fill:margin_open', positionId: 'o1' });
  });

  it('refuses an entry whose margin, fee and opening fee exceed the cash, at submission and at the fill', async () => {
    // 1x short of 1 BTC at 50,000 needs 50,000 + 0.01% of it: 50,000 of cash is not enough.
    const v = venue({ state: { cash: 50_000, positions: [], openOrders: [] } });
    await v.onBar(BTC, flat(-1));
    const refused = await v.submit(order({ side: 'sell', leverage: 1 }));
    expect(refused.rejectReason).toMatch(/margin \+ estimated fee 50005 exceed the free cash 50000/);

    const fresh = venue({ state: { cash: 50_000, positions: [], openOrders: [] } });
    await fresh.submit(order({ side: 'sell', leverage: 1 }));
    const [ev] = await play(fresh, 1, 1);
    expect(ev?.orders[0]?.rejectReason).toMatch(/margin opening fee 5 at the fill price 50000 exceed the free cash 50000/);
  });

  it('restarted from a snapshot and the last bar it matched, charges every rollover once, also one due in a gap of bars', async () => {
    const whole = venue();
    await whole.submit(order());
    const bars = [0, 1, 2, 3, 7, 8, 9, 10, 11, 12]; // no bars 4 to 6: the rollover due at T5 falls in the gap
    const all: FinancingCharge[] = [];
    const snapshots = new Map<number, ReturnType<SimulatedVenue['snapshot']>>();
    for (const i of bars) {
      all.push(...(await whole.onBar(BTC, flat(i))).charges);
      snapshots.set(i, whole.snapshot());
    }
    expect(summary(all).map(([kind, due]) => [kind, due])).toEqual([
      ['margin_open', 1],
      ['rollover', 5],
      ['rollover', 9],
      ['rollover', 13],
    ]);
    expect(all.find((c) => c.time === T(5))).toBeDefined();

    for (const cut of [3, 7, 9]) {
      const resumed = venue({ state: snapshots.get(cut), lastBars: new Map([[BTC, T(cut)]]) });
      const rest: FinancingCharge[] = [];
      for (const i of bars.filter((b) => b > cut)) rest.push(...(await resumed.onBar(BTC, flat(i))).charges);
      // What the uninterrupted venue charged after the close of the cut bar.
      expect(rest).toEqual(all.filter((c) => c.time > T(cut) + H));
      expect(resumed.account().cash).toBe(whole.account().cash);
    }
  });
});
