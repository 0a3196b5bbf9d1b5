import { describe, expect, it } from 'vitest';
import { isBeyondLiquidation, liquidationPrice } from '../../src/execution/liquidationPrice.js';

describe('liquidationPrice (isolated margin, maintenance as a fraction of notional)', () => {
  it('puts a 10x long 9.5% below entry and a 10x short 9.5% above with 0.5% maintenance', () => {
    expect(liquidationPrice('long', 100, 10, 0.005)).toBeCloseTo(90.5, 10);
    expect(liquidationPrice('short', 100, 10, 0.005)).toBeCloseTo(109.5, 10);
  });

  it('leaves exactly the maintenance margin when price reaches it', () => {
    for (const [side, leverage] of [['long', 3], ['short', 3], ['long', 25], ['short', 1.5]] as const) {
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
