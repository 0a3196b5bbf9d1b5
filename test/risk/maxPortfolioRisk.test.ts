import { describe, expect, it } from 'vitest';
import { maxPortfolioRisk } from '../../src/risk/maxPortfolioRisk.js';
import { ctx, LOSS_PER_UNIT, proposal } from './fixtures.js';

describe('maxPortfolioRisk', () => {
  it('shrinks the entry to the 10% budget the open positions leave', () => {
    // Budget 1,000; open positions risk 600; 400 left at 1.82 per unit.
    const out = maxPortfolioRisk(proposal({ quantity: 500 }), ctx({ openRisk: 600 }));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.proposal.quantity).toBeCloseTo(400 / LOSS_PER_UNIT, 9);
    expect(600 + out.proposal.quantity * LOSS_PER_UNIT).toBeCloseTo(1000, 9);
  });

  it('leaves an entry that fits alone', () => {
    const out = maxPortfolioRisk(proposal({ quantity: 100 }), ctx({ openRisk: 600 })); // 182 <= 400
    expect(out.ok && out.proposal.quantity).toBe(100);
  });

  it('refuses when the open positions use the whole budget', () => {
    const out = maxPortfolioRisk(proposal(), ctx({ openRisk: 1000 }));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(/already risk 10\.00%/);
  });

  it('passes unchanged when the context has no open risk to judge by', () => {
    const out = maxPortfolioRisk(proposal({ quantity: 5000 }), ctx());
    expect(out.ok && out.proposal.quantity).toBe(5000);
  });
});
