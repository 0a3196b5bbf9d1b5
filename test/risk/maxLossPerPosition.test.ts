import { describe, expect, it } from 'vitest';
import { maxLossPerPosition } from '../../src/risk/maxLossPerPosition.js';
import { ctx, LOSS_PER_UNIT, proposal } from './fixtures.js';

const quantityOf = (out: ReturnType<typeof maxLossPerPosition>): number => (out.ok ? out.proposal.quantity : Number.NaN);

describe('maxLossPerPosition', () => {
  it('caps a stop-out at 1.75% of equity, fees of both legs included', () => {
    // Budget 0.0175 x 10,000 = 175; 175 / 1.82 per unit.
    const out = maxLossPerPosition(proposal({ quantity: 500 }), ctx());
    expect(quantityOf(out)).toBeCloseTo(175 / LOSS_PER_UNIT, 9);
    expect(out.ok && out.proposal.notes).toEqual(['max loss 1.75% caps quantity']);
  });

  it('budgets from equity, not from the cash left beside open positions', () => {
    // Open positions hold 6,000 of the 10,000 equity as margin and marked P&L: cash is 4,000.
    const withPositions = maxLossPerPosition(proposal({ quantity: 500 }), ctx({ equity: 10_000, cash: 4_000 }));
    expect(quantityOf(withPositions)).toBeCloseTo(175 / LOSS_PER_UNIT, 9);
    // Equity in profit above the cash: the budget grows with equity.
    const richer = maxLossPerPosition(proposal({ quantity: 500 }), ctx({ equity: 12_000, cash: 4_000 }));
    expect(quantityOf(richer)).toBeCloseTo(210 / LOSS_PER_UNIT, 9);
  });

  it('passes a quantity within the budget unchanged, and refuses a zero stop', () => {
    const small = proposal({ quantity: 90 });
    expect(maxLossPerPosition(small, ctx({ cash: 1_000 }))).toEqual({ ok: true, proposal: small });
    expect(maxLossPerPosition(proposal({ stopDistance: 0 }), ctx({ takerFee: 0 }))).toEqual({ ok: false, reason: 'stop distance is zero' });
  });
});
