import { describe, expect, it } from 'vitest';
import { kellyFraction, kellyOptimal } from '../../src/risk/kellyFraction.js';
import { ctx, LOSS_PER_UNIT, proposal, settings, signal } from './fixtures.js';

const on = { ...settings, kelly: { enabled: true, fraction: 0.5 } };

describe('Kelly fraction', () => {
  it('computes f* = p - (1 - p) / b', () => {
    expect(kellyOptimal(0.6, 1)).toBeCloseTo(0.2, 12);
    expect(kellyOptimal(0.55, 2)).toBeCloseTo(0.325, 12);
    expect(kellyOptimal(0.5, 1)).toBeCloseTo(0, 12);
  });

  it('caps the loss at the stop at fraction x f* of equity', () => {
    // p 0.55, b = 1.3 / 1.3 = 1: f* = 0.1; half Kelly risks 5% = 500 at 1.82 per unit.
    const c = ctx({ settings: on, signal: signal({ confidence: 0.55 }) });
    const out = kellyFraction(proposal({ quantity: 500, takeProfitDistance: 1.3 }), c);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.proposal.quantity).toBeCloseTo(500 / LOSS_PER_UNIT, 9);
    expect(out.proposal.notes.join()).toMatch(/Kelly 0\.5 x f\* 0\.100/);
  });

  it('refuses a bet with no Kelly edge', () => {
    // p 0.55, b = 0.65 / 1.3 = 0.5: f* = 0.55 - 0.9 < 0
    const c = ctx({ settings: on, signal: signal({ confidence: 0.55 }) });
    const out = kellyFraction(proposal({ takeProfitDistance: 0.65 }), c);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(/no Kelly edge/);
  });

  it('is off by default, and passes without a take-profit', () => {
    const c = ctx({ signal: signal({ confidence: 0.55 }) });
    const off = kellyFraction(proposal({ quantity: 500, takeProfitDistance: 0.65 }), c);
    expect(off.ok && off.proposal.quantity).toBe(500);
    const noTp = kellyFraction(proposal({ quantity: 500 }), { ...c, settings: on });
    expect(noTp.ok && noTp.proposal.quantity).toBe(500);
  });
});
