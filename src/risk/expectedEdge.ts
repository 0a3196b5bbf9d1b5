import type { Signal } from '../domain/signal.js';
import { pass, refuse, type RiskRule } from './types.js';

export interface TradingCosts {
  readonly takerFee: number;
  readonly slippageBps: number;
}

/** Fees and slippage of a round trip (market entry, market or stop exit), as a fraction of price. */
export function roundTripCost(c: TradingCosts): number {
  return 2 * c.takerFee + (2 * c.slippageBps) / 10_000;
}

/**
 * The signal's expected return in the direction it trades, less the round-trip costs. The sign is taken
 * in the trade's direction rather than as |expectedReturn|: the two agree for a coherent signal, and a
 * long whose expected return is negative must not pass on its magnitude. Log return against a simple cost
 * fraction: equal to first order at these sizes.
 */
export function edgeAfterCosts(signal: { readonly direction: Signal['direction']; readonly expectedReturn: number }, c: TradingCosts): number {
  const sign = signal.direction === 'long' ? 1 : signal.direction === 'short' ? -1 : 0;
  return sign * signal.expectedReturn - roundTripCost(c);
}

/**
 * "A trade must have positive expected return after fees and slippage." The issue puts it in the portfolio,
 * and allocate() applies it when it picks candidates; this rule is the same check at the risk gate, for
 * entries that do not come through the portfolio. Needs ctx.slippageBps; without it the rule passes.
 */
export const expectedEdge: RiskRule = (p, ctx) => {
  const expectedReturn = ctx.signal.expectedReturn;
  if (ctx.slippageBps === undefined || expectedReturn === undefined) return pass(p);
  const costs = { takerFee: ctx.takerFee, slippageBps: ctx.slippageBps };
  const edge = edgeAfterCosts({ direction: ctx.signal.direction, expectedReturn }, costs);
  if (edge > 0) return pass(p);
  const pct = (x: number) => `${(x * 100).toFixed(3)}%`;
  return refuse(`expected return ${pct(expectedReturn)} does not beat round-trip costs ${pct(roundTripCost(costs))}`);
};
