import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import type { FundingRates } from '../../src/domain/funding.js';
import type { Approved, OrderRequest } from '../../src/domain/order.js';
import type { VenueEvents } from '../../src/domain/ports.js';
import { SimulatedVenue } from '../../src/execution/index.js';
import { futuresConfig, shippedPerpetual } from '../support/perpetuals.js';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const T = (i: number): number => T0 + i * H;
const BTC = 'BTC/USD';
const btc = shippedPerpetual(BTC);
/** TEST FIXTURE: a constant 0.01% an hour, not market data. */
const FIXTURE: FundingRates = { rateAt: () => 0.0001 };

function venue(cash = 100_000): SimulatedVenue {
  const config = futuresConfig();
  return new SimulatedVenue({
    markets: new Map([[BTC, btc]]),
    fees: config.fees,
    slippageBps: 0,
    maintenanceMarginRate: config.risk.maintenanceMarginRate,
    state: { cash, positions: [], openOrders: [] },
    funding: { intervalMs: H, rates: FIXTURE, fallbackRate: 0 },
    barMs: H,
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
    leverage: 20,
    reduceOnly: false,
    createdAt: signalBarTime + H,
    signalBarTime,
    reason: 'test',
    ...over,
  } as Approved<OrderRequest>;
}

/** A SYNTHETIC bar: these tests check the venue's arithmetic, not markets. */
const bar = (i: number, open: number, high = open, low = open, close = open): Bar => ({ time: T(i), open, high, low, close, volume: 1 });

describe('SimulatedVenue on Kraken Futures perpetuals', () => {
  it('charges the futures fees: 0.05% taker on a market entry, 0.02% maker on a resting limit', async () => {
    expect(futuresConfig().fees).toEqual({ taker: 0.0005, maker: 0.0002 });
    const v = venue();
    await v.submit(order({ quantity: 0.5 }));
    const [opened] = await Promise.all([v.onBar(BTC, bar(1, 60_000))]);
    expect(opened.fills[0]).toMatchObject({ liquidity: 'taker', price: 60_000, fee: 0.5 * 60_000 * 0.0005, margin: 30_000 / 20 });
    await v.submit(order({ clientOrderId: 'x', side: 'sell', type: 'limit', limitPrice: 61_000, reduceOnly: true, quantity: 0.5, signalBarTime: T(1) }));
    const closed = await v.onBar(BTC, bar(2, 60_500, 61_500, 60_400, 61_200));
    expect(closed.fills[0]).toMatchObject({ liquidity: 'maker', price: 61_000, fee: 0.5 * 61_000 * 0.0002, realizedPnl: 500 });
  });

  it('a short is native: it opens without borrowing, receives funding at a positive rate, and pays no rollover', async () => {
    const v = venue();
    await v.submit(order({ side: 'sell', quantity: 2 }));
    const ev: VenueEvents[] = [];
    for (let i = 1; i <= 3; i++) ev.push(await v.onBar(BTC, bar(i, 50_000)));
    const charges = ev.flatMap((e) => e.charges);
    // Opened at the open of bar 1 (T1); periods end T2, T3, T4: each 0.0001 x 2 x 50,000 = 10, received.
    expect(charges.map((c) => [c.kind, (c.time - T0) / H, c.amount])).toEqual([
      ['funding', 2, -10],
      ['funding', 3, -10],
      ['funding', 4, -10],
    ]);
    const fee = 2 * 50_000 * 0.0005;
    expect(v.account().cash).toBeCloseTo(100_000 - 100_000 / 20 - fee + 30, 9);
  });

  it("liquidates a 20x short at Kraken's price (1% maintenance at level I) when a bar reaches it", async () => {
    const v = venue();
    await v.submit(order({ side: 'sell', quantity: 0.5 }));
    await v.onBar(BTC, bar(1, 60_000));
    const p = v.account().positions[0];
    // Maintenance on the value at the liquidation price: 60,000 x (1 + 1/20) / (1 + 0.01) = 62,376.2376...
    expect(p?.liquidationPrice).toBeCloseTo(63_000 / 1.01, 9);
    const ev = await v.onBar(BTC, bar(2, 61_000, 62_500, 60_900, 62_000));
    expect(ev.closedPositions[0]).toMatchObject({ exitReason: 'liquidation', exitPrice: p?.liquidationPrice });
    // The whole isolated margin is gone, nothing more; the short received one hour's funding (0.0001 x 30,000) before.
    expect(v.account().cash).toBeCloseTo(100_000 - 30_000 / 20 - 30_000 * 0.0005 + 3, 6);
  });

  it("refuses leverage above the contract's margin level for the position's size", async () => {
    const v = venue(10_000_000);
    await v.onBar(BTC, bar(0, 60_000));
    // 25 BTC x 60,000 = 1.5M USD: level II of class A, 4% initial margin, so at most 25x.
    const refused = await v.submit(order({ quantity: 25, leverage: 30, signalBarTime: T(0) }));
    expect(refused.status).toBe('rejected');
    expect(refused.rejectReason).toMatch(/leverage 30x above the 25x BTC\/USD allows/);
    expect((await v.submit(order({ clientOrderId: 'o2', quantity: 25, leverage: 25, signalBarTime: T(0) }))).status).toBe('open');
  });
});
