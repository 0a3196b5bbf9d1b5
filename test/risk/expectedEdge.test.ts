import { describe, expect, it } from 'vitest';
import { edgeAfterCosts, expectedEdge, roundTripCost } from '../../src/risk/expectedEdge.js';
import { ctx, proposal, signal } from './fixtures.js';

const costs = { takerFee: 0.0026, slippageBps: 5 };

describe('expected edge after costs', () => {
  it('costs a round trip two taker fees and two slippages', () => {
    expect(roundTripCost(costs)).toBeCloseTo(0.0062, 12); // 2 x 0.26% + 2 x 0.05%
    expect(edgeAfterCosts({ direction: 'long', expectedReturn: 0.007 }, costs)).toBeCloseTo(0.0008, 12);
    expect(edgeAfterCosts({ direction: 'short', expectedReturn: -0.007 }, costs)).toBeCloseTo(0.0008, 12);
  });

  it('passes a trade whose expected return beats the costs, refuses one that does not', () => {
    const pass = expectedEdge(proposal(), ctx({ slippageBps: 5, signal: signal({ expectedReturn: 0.007 }) }));
    expect(pass.ok).toBe(true);
    const refused = expectedEdge(proposal(), ctx({ slippageBps: 5, signal: signal({ expectedReturn: 0.006 }) }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toMatch(/0\.600% does not beat round-trip costs 0\.620%/);
  });

  it('reads the expected return in the trade direction', () => {
    const short = signal({ direction: 'short', expectedReturn: -0.01 });
    expect(expectedEdge(proposal({ side: 'short' }), ctx({ slippageBps: 5, signal: short })).ok).toBe(true);
    const incoherent = signal({ direction: 'long', expectedReturn: -0.01 });
    expect(expectedEdge(proposal(), ctx({ slippageBps: 5, signal: incoherent })).ok).toBe(false);
  });

  it('passes when the context carries no slippage (callers that predate the rule)', () => {
    expect(expectedEdge(proposal(), ctx({ signal: signal({ expectedReturn: 0 }) })).ok).toBe(true);
  });
});
