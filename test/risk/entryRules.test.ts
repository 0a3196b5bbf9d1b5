import { describe, expect, it } from 'vitest';
import { approveEntry, ENTRY_RULES, judgeTarget } from '../../src/risk/approve.js';
import { sizeFromTarget } from '../../src/risk/sizeFromTarget.js';
import { drawdownScaling } from '../../src/risk/drawdownScaling.js';
import { expectedEdge } from '../../src/risk/expectedEdge.js';
import { kellyFraction } from '../../src/risk/kellyFraction.js';
import { liquidationBeyondStop } from '../../src/risk/liquidationBeyondStop.js';
import { marginAvailable } from '../../src/risk/marginAvailable.js';
import { maxLossPerPosition } from '../../src/risk/maxLossPerPosition.js';
import { maxPortfolioRisk } from '../../src/risk/maxPortfolioRisk.js';
import { riskPerTrade } from '../../src/risk/riskPerTrade.js';
import { takeProfit } from '../../src/risk/takeProfit.js';
import { venueLimits } from '../../src/risk/venueLimits.js';
import { seededRng } from '../../src/domain/random.js';
import { ctx, proposal, settings, signal } from './fixtures.js';

const target = { symbol: 'SOL/USD', side: 'long' as const, weight: 0.15 };
// Confidence 0.95: tier size 1, leverage 5x (the venue's cap). ATR 5: stop 6.5, loss 7.02 per unit at price 100.
const strong = signal({ confidence: 0.95, atr: 5, expectedReturn: 0.02 });

describe('ENTRY_RULES', () => {
  it('runs in the documented order', () => {
    expect(ENTRY_RULES).toEqual([
      takeProfit,
      expectedEdge,
      drawdownScaling,
      kellyFraction,
      riskPerTrade,
      maxLossPerPosition,
      maxPortfolioRisk,
      liquidationBeyondStop,
      marginAvailable,
      venueLimits,
    ]);
  });

  it('scales for drawdown before the loss caps: the caps bind on the scaled size, never exceeded', () => {
    // Wanted: 75% of 10,000 at 100 = 75 units. Max loss caps at 175 / 7.02 = 24.93 units.
    const cap = 175 / 7.02;
    const at = (equityPeak: number | undefined) => {
      const v = judgeTarget(ctx({ signal: strong, ...(equityPeak !== undefined && { equityPeak }) }), { ...target, weight: 0.75 });
      if (!v.approved) throw new Error(v.reason);
      return v.proposal.quantity;
    };
    expect(at(undefined)).toBeCloseTo(cap, 6);
    // Soft drawdown: 75 x 0.5 = 37.5, still above the cap: the cap binds, as without drawdown.
    expect(at(10_000 / 0.94)).toBeCloseTo(cap, 6);
    // Hard drawdown: 75 x 0.2 = 15, below the cap. Scaling after the cap would have given 4.99.
    expect(at(10_000 / 0.85)).toBeCloseTo(15, 6);
  });

  it('fits an entry into the portfolio risk the open positions leave', () => {
    // Budget 1,000 - open 900 = 100 left; 100 / 7.02 = 14.245 units.
    const v = judgeTarget(ctx({ signal: strong, openRisk: 900 }), target);
    expect(v.approved).toBe(true);
    if (v.approved) expect(v.proposal.quantity).toBeCloseTo(100 / 7.02, 6);
    const full = judgeTarget(ctx({ signal: strong, openRisk: 1000 }), target);
    expect(full.approved).toBe(false);
  });

  it('refuses a trade without edge after costs before sizing it', () => {
    const v = judgeTarget(ctx({ slippageBps: 5, signal: signal({ ...strong, expectedReturn: 0.005 }) }), target);
    expect(v).toEqual({ approved: false, reason: expect.stringMatching(/round-trip costs 0\.620%/) });
  });

  it('carries the take-profit into the approved order', () => {
    const v = judgeTarget(ctx({ signal: strong }), target);
    if (!v.approved) throw new Error(v.reason);
    const order = approveEntry(v, { clientOrderId: 'x', type: 'market', createdAt: 0, signalBarTime: 0, reason: 't' });
    expect(order.takeProfitDistance).toBeCloseTo(10, 9);
    expect(order.stopDistance).toBeCloseTo(6.5, 9);
  });

  it('keeps every cap, whatever the mix of inputs (seeded)', () => {
    const rng = seededRng(7);
    let approved = 0;
    for (let n = 0; n < 400; n++) {
      const confidence = 0.6 + rng.next() * 0.4;
      const atr = 0.1 + rng.next() * 8;
      const equityPeak = 10_000 * (1 + rng.next() * 0.3);
      const openRisk = rng.next() * 1100;
      const cash = 500 + rng.next() * 9500;
      const kelly = { enabled: rng.next() < 0.5, fraction: 0.5 };
      const c = ctx({
        signal: signal({ confidence, probability: confidence, atr, expectedReturn: 0.01 }),
        settings: { ...settings, kelly },
        equityPeak,
        openRisk,
        cash,
        slippageBps: 5,
      });
      const v = judgeTarget(c, { ...target, weight: rng.next() * 0.6 });
      if (!v.approved) continue;
      approved++;
      const p = v.proposal;
      const loss = p.quantity * (p.stopDistance + 2 * 0.0026 * 100);
      expect(loss).toBeLessThanOrEqual(175 + 1e-6); // max loss per position
      expect(loss).toBeLessThanOrEqual(Math.max(0, 1000 - openRisk) + 1e-6); // portfolio risk
      expect(1 / p.leverage - settings.maintenanceMarginRate).toBeGreaterThan(p.stopDistance / 100); // liquidation beyond the stop
      expect(p.quantity * 100 * (1 / p.leverage + 0.0026)).toBeLessThanOrEqual(cash + 1e-6); // margin and fee fit in cash
      expect(p.takeProfitDistance).toBeCloseTo(2 * atr, 9);
    }
    expect(approved).toBeGreaterThan(100);
  });

  it('sizes and caps from equity: the cash beside open positions only limits the margin', () => {
    // Every optional rule on, and a proposal far above every cap, so a budget taken from cash would show.
    const c = (cash: number) =>
      ctx({
        signal: signal({ confidence: 0.66, expectedReturn: 0.02 }),
        settings: { ...settings, kelly: { enabled: true, fraction: 0.5 } },
        equity: 10_000,
        cash,
        equityPeak: 10_400,
        openRisk: 100,
        slippageBps: 5,
      });
    const flat = c(10_000);
    const invested = c(2_500); // open positions hold three quarters of equity as margin
    expect(sizeFromTarget(invested, target)).toEqual(sizeFromTarget(flat, target));
    const big = proposal({ quantity: 5_000, takeProfitDistance: 2 });
    for (const rule of ENTRY_RULES.filter((r) => r !== marginAvailable)) {
      expect(rule(big, invested), rule.name).toEqual(rule(big, flat));
    }
    const margin = (cash: number) => {
      const out = marginAvailable(big, c(cash));
      return out.ok ? out.proposal.quantity : Number.NaN;
    };
    // Margin and opening fee at 5x: 100 / 5 + 0.26 = 20.26 per unit, from 99% of free cash.
    expect(margin(2_500)).toBeCloseTo((2_500 * 0.99) / 20.26, 9);
    expect(margin(10_000)).toBeCloseTo((10_000 * 0.99) / 20.26, 9);
  });
});
