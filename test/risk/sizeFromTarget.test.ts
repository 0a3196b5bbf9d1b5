import { describe, expect, it } from 'vitest';
import { sizeFromConfidence } from '../../src/risk/sizeFromConfidence.js';
import { sizeFromTarget } from '../../src/risk/sizeFromTarget.js';
import { ctx, signal } from './fixtures.js';

const target = { symbol: 'SOL/USD', side: 'long' as const, weight: 0.15 };

describe('sizeFromTarget', () => {
  it('commits equity x weight x tier size as margin, at the confidence-scaled leverage', () => {
    // confidence 0.85: tier 0.8 (size 0.8); leverage 80x wanted, 5x on this venue.
    const p = sizeFromTarget(ctx(), target);
    expect('refused' in p).toBe(false);
    if ('refused' in p) return;
    expect(p.leverage).toBe(5);
    expect(p.quantity).toBeCloseTo((10_000 * 0.15 * 0.8 * 5) / 100, 9); // margin 1,200 -> 60 units
    expect(p.stopDistance).toBeCloseTo(1.3, 12);
    expect(p.side).toBe('long');
  });

  it('differs from sizeFromConfidence only in the margin', () => {
    const a = sizeFromTarget(ctx(), { ...target, weight: 0.1 });
    const b = sizeFromConfidence(ctx());
    if ('refused' in a || 'refused' in b) throw new Error('expected proposals');
    expect(a.quantity).toBeCloseTo(b.quantity, 9); // positionFraction 0.1 = weight 0.1
    expect(a.leverage).toBe(b.leverage);
    expect(a.stopDistance).toBe(b.stopDistance);
  });

  it('refuses a flat target, a side the signal does not support, and a weak signal', () => {
    expect(sizeFromTarget(ctx(), { ...target, side: 'flat', weight: 0 })).toHaveProperty('refused');
    expect(sizeFromTarget(ctx(), { ...target, side: 'short' })).toHaveProperty('refused');
    expect(sizeFromTarget(ctx(), { ...target, symbol: 'BTC/USD' })).toHaveProperty('refused');
    const weak = sizeFromTarget(ctx({ signal: signal({ confidence: 0.6, probability: 0.6 }) }), target);
    expect(weak).toEqual({ refused: expect.stringMatching(/below the lowest tier/) });
  });
});
