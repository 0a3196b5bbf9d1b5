import { describe, expect, it } from 'vitest';
import type { MarketInfo } from '../../../src/domain/market.js';
import type { Position } from '../../../src/domain/position.js';
import { financingRate, isOnMargin, openingCharge, rolloversDue, type FinancingSchedule } from '../../../src/execution/ledger/index.js';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const KRAKEN: FinancingSchedule = { intervalHours: 4, rates: { default: 0.0002, USD: 0.00025, BTC: 0.0001, ETH: 0.0002, SOL: 0.0002 } };
const btc: MarketInfo = {
  symbol: 'BTC/USD',
  base: 'BTC',
  quote: 'USD',
  pricePrecision: 1,
  amountPrecision: 8,
  minAmount: 0.0001,
  minCost: 0.5,
  maxLeverage: 5,
};
const position = (over: Partial<Position> = {}): Position => ({
  id: 'p',
  symbol: 'BTC/USD',
  side: 'long',
  quantity: 1,
  entryPrice: 50_000,
  entryTime: T0,
  leverage: 3,
  margin: 50_000 / 3,
  liquidationPrice: 0,
  atr: 1,
  peakPrice: 50_000,
  trailing: false,
  ...over,
});

describe('Kraken margin financing schedule', () => {
  it('is charged on margin only: a leverage-1 long is a spot purchase, a short always borrows', () => {
    expect(isOnMargin({ side: 'long', leverage: 1 })).toBe(false);
    expect(isOnMargin({ side: 'long', leverage: 1.5 })).toBe(true);
    expect(isOnMargin({ side: 'short', leverage: 1 })).toBe(true);
    expect(openingCharge(position({ leverage: 1 }), { id: 'f', quantity: 1, price: 50_000, time: T0 }, KRAKEN, btc)).toBeUndefined();
    expect(rolloversDue(position({ leverage: 1 }), T0, T0 + 100 * H, 50_000, KRAKEN, btc)).toEqual([]);
  });

  it('takes the rate of the currency lent: USD to a long, the coin to a short, the default for others', () => {
    expect(openingCharge(position(), { id: 'f', quantity: 1, price: 50_000, time: T0 }, KRAKEN, btc)).toEqual({
      id: 'f:margin_open',
      positionId: 'p',
      symbol: 'BTC/USD',
      kind: 'margin_open',
      time: T0,
      rate: 0.00025,
      base: 50_000,
      amount: 12.5,
    });
    expect(openingCharge(position({ side: 'short' }), { id: 'f', quantity: 2, price: 50_000, time: T0 }, KRAKEN, btc)).toMatchObject({
      rate: 0.0001,
      base: 100_000,
      amount: 10,
    });
    expect(financingRate(KRAKEN, 'DOGE')).toBe(0.0002);
  });

  it('falls due every full interval after the entry, each in the window that reaches it, once', () => {
    const p = position({ entryTime: T0 + 30 * 60_000 });
    const due = (from: number, to: number) => rolloversDue(p, from, to, 50_000, KRAKEN, btc).map((c) => (c.time - p.entryTime) / H);
    expect(due(T0, T0 + 4 * H)).toEqual([]);
    expect(due(T0, T0 + 5 * H)).toEqual([4]);
    // Contiguous windows charge each one exactly once; the bound that reaches it is inclusive.
    expect([...due(T0, p.entryTime + 4 * H), ...due(p.entryTime + 4 * H, T0 + 13 * H)]).toEqual([4, 8, 12]);
    expect(rolloversDue(p, T0, T0 + 9 * H, 50_000, KRAKEN, btc).map((c) => c.id)).toEqual([
      `p:rollover@${p.entryTime + 4 * H}`,
      `p:rollover@${p.entryTime + 8 * H}`,
    ]);
  });

  it('bases a long on its entry cost and a short on the coin lent at the close', () => {
    const long = rolloversDue(position({ quantity: 2, entryPrice: 51_000 }), T0, T0 + 4 * H, 60_000, KRAKEN, btc)[0];
    expect(long).toMatchObject({ kind: 'rollover', rate: 0.00025, base: 102_000, amount: 25.5 });
    const short = rolloversDue(position({ side: 'short', quantity: 2 }), T0, T0 + 4 * H, 60_000, KRAKEN, btc)[0];
    expect(short).toMatchObject({ rate: 0.0001, base: 120_000 });
    expect(short?.amount).toBeCloseTo(12, 12);
  });
});
