import { describe, expect, it } from 'vitest';
import { takeProfit } from '../../src/risk/takeProfit.js';
import { ctx, proposal, settings, signal } from './fixtures.js';

describe('take-profit', () => {
  it('sets the take-profit at 2 ATR and changes no size', () => {
    const out = takeProfit(proposal({ quantity: 42 }), ctx({ signal: signal({ atr: 1.5 }) }));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.proposal.takeProfitDistance).toBeCloseTo(3, 12);
    expect(out.proposal.quantity).toBe(42);
    expect(out.proposal.stopDistance).toBe(1.3);
  });

  it('follows the setting, and sets none without it', () => {
    const wide = takeProfit(proposal(), ctx({ settings: { ...settings, takeProfitAtr: 3.5 }, signal: signal({ atr: 2 }) }));
    expect(wide.ok && wide.proposal.takeProfitDistance).toBeCloseTo(7, 12);
    const { takeProfitAtr: _, ...without } = settings;
    const none = takeProfit(proposal(), ctx({ settings: without }));
    expect(none.ok && none.proposal.takeProfitDistance).toBeUndefined();
  });
});
