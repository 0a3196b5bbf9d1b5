import { describe, expect, it } from 'vitest';
import { riskPerTrade } from '../../src/risk/riskPerTrade.js';
import { ctx, LOSS_PER_UNIT, proposal, settings } from './fixtures.js';

describe('riskPerTrade', () => {
  it('caps the quantity so a stop-out loses 2% of equity, fees included', () => {
    const out = riskPerTrade(proposal({ quantity: 500 }), ctx());
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.proposal.quantity).toBeCloseTo(200 / LOSS_PER_UNIT, 9); // 109.89 units
    expect(out.proposal.quantity * LOSS_PER_UNIT).toBeCloseTo(200, 9);
    expect(out.proposal.notes.join()).toMatch(/risk per trade 2\.00%/);
  });

  it('leaves a smaller trade alone', () => {
    const out = riskPerTrade(proposal({ quantity: 100 }), ctx());
    expect(out.ok && out.proposal.quantity).toBe(100);
  });

  it('passes unchanged without the setting', () => {
    const { riskPerTrade: _, ...without } = settings;
    const out = riskPerTrade(proposal({ quantity: 500 }), ctx({ settings: without }));
    expect(out.ok && out.proposal.quantity).toBe(500);
  });

  it('refuses a zero stop', () => {
    const out = riskPerTrade(proposal({ stopDistance: 0 }), ctx({ takerFee: 0 }));
    expect(out.ok).toBe(false);
  });
});
