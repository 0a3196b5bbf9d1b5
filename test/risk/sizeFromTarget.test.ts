import { describe, expect, it } from 'vitest';
import { sizeFromTarget } from '../../src/risk/sizeFromTarget.js';
import { coreSettings, ctx, signal } from './fixtures.js';

const target = { symbol: 'SOL/USD', side: 'long' as const, weight: 0.15 };

describe('sizeFromTarget', () => {
  it("buys the target's notional: equity x weight / price, stop at stopAtr x the signal's ATR", () => {
    const p = sizeFromTarget(ctx(), target);
    if ('refused' in p) throw new Error(p.refused);
    expect(p.quantity).toBeCloseTo((10_000 * 0.15) / 100, 9);
    expect(p.stopDistance).toBeCloseTo(1.3, 12);
    expect(p.side).toBe('long');
  });

  it('adds only the difference to what is already held on that side, and refuses when it holds enough', () => {
    const p = sizeFromTarget(ctx({ held: 10 }), target);
    if ('refused' in p) throw new Error(p.refused);
    expect(p.quantity).toBeCloseTo(5, 9);
    expect(sizeFromTarget(ctx({ held: 15 }), target)).toEqual({ refused: expect.stringMatching(/already holds/) });
  });

  it("'minimum' leverage borrows nothing the free cash can pay; 'confidence' scales in the asset's range", () => {
    const minimum = { ...coreSettings, leverageMode: 'minimum' as const };
    const cash = sizeFromTarget(ctx({ settings: minimum }), target);
    const short = sizeFromTarget(ctx({ settings: minimum, cash: 500 }), target);
    const scaled = sizeFromTarget(ctx(), target);
    if ('refused' in cash || 'refused' in short || 'refused' in scaled) throw new Error('expected proposals');
    expect(cash.leverage).toBe(1);
    // 1,500 of notional from 99% of 500 less its 3.90 fee: 1,500 / 491.10 = 3.054, rounded up to 3.06x (the venue allows 5x).
    expect(short.leverage).toBeCloseTo(3.06, 9);
    // Confidence 0.85: 80x wanted in the 20..125 range, capped at the venue's 5x.
    expect(scaled.leverage).toBe(5);
  });

  it('refuses a flat target, a side the signal does not support, and another symbol', () => {
    expect(sizeFromTarget(ctx(), { ...target, side: 'flat', weight: 0 })).toHaveProperty('refused');
    expect(sizeFromTarget(ctx(), { ...target, side: 'short' })).toHaveProperty('refused');
    expect(sizeFromTarget(ctx(), { ...target, symbol: 'BTC/USD' })).toHaveProperty('refused');
    expect(sizeFromTarget(ctx({ signal: signal({ atr: 0 }) }), target)).toHaveProperty('refused');
  });
});
