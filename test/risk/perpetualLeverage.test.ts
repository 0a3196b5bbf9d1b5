import { describe, expect, it } from 'vitest';
import { leverageFor } from '../../src/risk/leverageFor.js';
import { liquidationBeyondStop } from '../../src/risk/liquidationBeyondStop.js';
import { shippedPerpetual } from '../support/perpetuals.js';
import { ctx, proposal, signal } from './fixtures.js';

const sol = shippedPerpetual('SOL/USD'); // PF_SOLUSD: 50x at level I (2% initial), 25x from 250k USD (class B)
const range = { min: 20, max: 125, default: 35 };

describe("leverage on a perpetual: the asset's range by confidence, capped by the contract's margin level and risk.maxLeverage", () => {
  it('a signal without confidence takes the range default, 35x, within the contract maximum of 50x', () => {
    const c = ctx({ market: sol, leverageRange: range, signal: signal({ confidence: undefined }) });
    expect(sol.maxLeverage).toBe(50);
    expect(leverageFor(c, 'long', 10_000)).toEqual({ leverage: 35, note: 'leverage 35.0x wanted, 35x allowed' });
  });

  it("top confidence wants the range maximum, 125x: clamped to the contract's 50x", () => {
    const c = ctx({ market: sol, leverageRange: range, signal: signal({ confidence: 0.95 }) });
    expect(leverageFor(c, 'long', 10_000).leverage).toBe(50);
  });

  it("a position big enough for the contract's next margin level is clamped to that level's 25x", () => {
    const c = ctx({ market: sol, leverageRange: range, signal: signal({ confidence: 0.95 }), equity: 1e7, cash: 1e7 });
    expect(leverageFor(c, 'long', 300_000).leverage).toBe(25);
    // An increase counts what is held: 200k held + 100k added is in level II too.
    expect(leverageFor({ ...c, held: 2_000, price: 100 }, 'long', 100_000).leverage).toBe(25);
  });

  it('risk.maxLeverage caps below the contract', () => {
    const c = ctx({ market: sol, leverageRange: range, signal: signal({ confidence: 0.95 }), settings: { ...ctx().settings, maxLeverage: 10 } });
    expect(leverageFor(c, 'long', 10_000).leverage).toBe(10);
  });
});

describe("liquidationBeyondStop on a perpetual: the venue's maintenance rate, the contract's margin level", () => {
  // A perpetual's liquidation lies (1/L - m) / (1 -/+ m) from entry for a long/short (maintenance m on the value at
  // the liquidation price); it must be at least 1.1 x the stop's distance: 1/L >= m + 1.1 s (1 -/+ m).
  it('uses 1% maintenance (level I) instead of risk.maintenanceMarginRate', () => {
    // Price 100, stop 2 away (s = 0.02). Long: 1 / (0.01 + 0.022 x 0.99) = 31.466 -> 31.46x. Short: 1 / (0.01 +
    // 0.022 x 1.01) = 31.036 -> 31.03x. (The spot rule's 0.5% would give 37.03x.)
    const long = liquidationBeyondStop(proposal({ stopDistance: 2, leverage: 35 }), ctx({ market: sol }));
    expect(long.ok && long.proposal.leverage).toBe(31.46);
    const short = liquidationBeyondStop(proposal({ side: 'short', stopDistance: 2, leverage: 35 }), ctx({ market: sol }));
    expect(short.ok && short.proposal.leverage).toBe(31.03);
  });

  it("uses the next level's 2% for a position worth 300k", () => {
    // 3,000 x 100 = 300,000 USD: level II, 2% maintenance. 1 / (0.02 + 0.022 x 0.98) = 24.06.
    const out = liquidationBeyondStop(proposal({ stopDistance: 2, leverage: 35, quantity: 3_000 }), ctx({ market: sol }));
    expect(out.ok && out.proposal.leverage).toBe(24.06);
  });
});
