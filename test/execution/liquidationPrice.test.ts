import { describe, expect, it } from 'vitest';
import {
  isBeyondLiquidation,
  linearLiquidation,
  liquidationPrice,
  marketLiquidation,
  perpetualLiquidationPrice,
} from '../../src/execution/liquidationPrice.js';
import { shippedPerpetual } from '../support/perpetuals.js';

describe('liquidationPrice (isolated margin, maintenance as a fraction of notional)', () => {
  it('puts a 10x long 9.5% below entry and a 10x short 9.5% above with 0.5% maintenance', () => {
    expect(liquidationPrice('long', 100, 10, 0.005)).toBeCloseTo(90.5, 10);
    expect(liquidationPrice('short', 100, 10, 0.005)).toBeCloseTo(109.5, 10);
  });

  it('leaves exactly the maintenance margin when price reaches it', () => {
    for (const [side, leverage] of [
      ['long', 3],
      ['short', 3],
      ['long', 25],
      ['short', 1.5],
    ] as const) {
      const entry = 37.21;
      const qty = 4;
      const margin = (entry * qty) / leverage;
      const liq = liquidationPrice(side, entry, leverage, 0.01);
      const pnl = (side === 'long' ? 1 : -1) * (liq - entry) * qty;
      expect(margin + pnl).toBeCloseTo(0.01 * entry * qty, 10);
    }
  });

  it('moves closer to entry as leverage rises', () => {
    expect(liquidationPrice('long', 100, 20, 0.005)).toBeGreaterThan(liquidationPrice('long', 100, 5, 0.005));
    expect(liquidationPrice('short', 100, 20, 0.005)).toBeLessThan(liquidationPrice('short', 100, 5, 0.005));
  });

  it('a 1x long is only liquidated near zero', () => {
    expect(liquidationPrice('long', 100, 1, 0.005)).toBeCloseTo(0.5, 10);
  });

  it('knows which side of the liquidation price is the losing one', () => {
    expect(isBeyondLiquidation('long', 90, 90.5)).toBe(true);
    expect(isBeyondLiquidation('long', 90.5, 90.5)).toBe(true);
    expect(isBeyondLiquidation('long', 91, 90.5)).toBe(false);
    expect(isBeyondLiquidation('short', 110, 109.5)).toBe(true);
    expect(isBeyondLiquidation('short', 109, 109.5)).toBe(false);
  });
});

describe("Kraken Futures' liquidation price (isolated margin, maintenance from the margin level of the position's size)", () => {
  const btc = shippedPerpetual('BTC/USD'); // PF_XBTUSD, class A: maintenance 1% up to 1M USD, 2% from 1M to 2M
  const rule = marketLiquidation(new Map([['BTC/USD', btc]]), 0.005);

  // Kraken's rule: liquidated once margin plus unrealised P&L falls to the maintenance margin, a fraction of the
  // position's value at the (mark) price of liquidation (see perpetualLiquidationPrice for the published example).
  const equityAt = (side: 'long' | 'short', entry: number, leverage: number, qty: number, price: number) =>
    (entry * qty) / leverage + (side === 'long' ? 1 : -1) * (price - entry) * qty;

  it('a 10x long of 0.5 BTC at 60,000 is liquidated at 54,545.45; a short at 65,346.53 (level I, 1% maintenance)', () => {
    // Hand-computed: margin 30,000 / 10 = 3,000. Long: 3,000 + 0.5 (P - 60,000) = 1% x 0.5 P -> P = 27,000 / 0.495
    // = 54,545.4545. Short: 3,000 - 0.5 (P - 60,000) = 1% x 0.5 P -> P = 33,000 / 0.505 = 65,346.5347.
    const long = rule('long', 60_000, 10, { symbol: 'BTC/USD', quantity: 0.5 });
    const short = rule('short', 60_000, 10, { symbol: 'BTC/USD', quantity: 0.5 });
    expect(long).toBeCloseTo(27_000 / 0.495, 9);
    expect(short).toBeCloseTo(33_000 / 0.505, 9);
    expect(long.toFixed(2)).toBe('54545.45');
    expect(short.toFixed(2)).toBe('65346.53');
    expect(equityAt('long', 60_000, 10, 0.5, long)).toBeCloseTo(0.01 * 0.5 * long, 9);
    expect(equityAt('short', 60_000, 10, 0.5, short)).toBeCloseTo(0.01 * 0.5 * short, 9);
  });

  it('a position of 1.5M USD is in level II: 2% maintenance brings the price closer', () => {
    // 25 BTC at 60,000 = 1,500,000 USD. 20x: margin 75,000. Long: 75,000 + 25 (P - 60,000) = 2% x 25 P
    // -> P = 1,425,000 / 24.5 = 58,163.27. Short: 75,000 - 25 (P - 60,000) = 2% x 25 P -> P = 1,575,000 / 25.5 = 61,764.71.
    expect(rule('long', 60_000, 20, { symbol: 'BTC/USD', quantity: 25 })).toBeCloseTo(1_425_000 / 24.5, 9);
    expect(rule('short', 60_000, 20, { symbol: 'BTC/USD', quantity: 25 })).toBeCloseTo(1_575_000 / 25.5, 9);
  });

  it('lies farther from entry than the entry-value rule for a long, and closer for a short', () => {
    const at = { symbol: 'BTC/USD', quantity: 0.5 };
    expect(rule('long', 60_000, 10, at)).toBeLessThan(liquidationPrice('long', 60_000, 10, 0.01));
    expect(rule('short', 60_000, 10, at)).toBeLessThan(liquidationPrice('short', 60_000, 10, 0.01));
    expect(perpetualLiquidationPrice('long', 60_000, 10, 0.01)).toBe(rule('long', 60_000, 10, at));
  });

  it('is the linear rule at the fallback rate for a market without a margin schedule (spot margin)', () => {
    const spot = { symbol: 'SOL/USD', base: 'SOL', quote: 'USD', pricePrecision: 2, amountPrecision: 8, minAmount: 0.02, minCost: 0.5, maxLeverage: 3 };
    const onSpot = marketLiquidation(new Map([['SOL/USD', spot]]), 0.005);
    expect(onSpot('long', 100, 3, { symbol: 'SOL/USD', quantity: 10 })).toBe(liquidationPrice('long', 100, 3, 0.005));
    expect(onSpot('short', 100, 3)).toBe(linearLiquidation(0.005)('short', 100, 3));
  });
});
