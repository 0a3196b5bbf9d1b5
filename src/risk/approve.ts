import type { Approved, OrderRequest } from '../domain/order.js';
import type { Target } from '../domain/target.js';
import { drawdownScaling } from './drawdownScaling.js';
import { expectedEdge } from './expectedEdge.js';
import { kellyFraction } from './kellyFraction.js';
import { liquidationBeyondStop } from './liquidationBeyondStop.js';
import { marginAvailable } from './marginAvailable.js';
import { maxLossPerPosition } from './maxLossPerPosition.js';
import { maxPortfolioRisk } from './maxPortfolioRisk.js';
import { riskPerTrade } from './riskPerTrade.js';
import { sizeFromTarget } from './sizeFromTarget.js';
import { takeProfit } from './takeProfit.js';
import type { Proposal, RiskContext, RiskRule } from './types.js';
import { venueLimits } from './venueLimits.js';

/**
 * The rules every entry passes, in order. After the first cut (sizeFromTarget):
 * 1. takeProfit sets the take-profit distance; no size change, but Kelly needs the payoff ratio.
 * 2. expectedEdge refuses a trade that cannot pay its costs, before anything is sized.
 * 3. drawdownScaling scales the wanted size. It comes before every cap so that the caps stay hard
 *    limits on the result; after them it would shrink an already capped size a second time.
 * 4. kellyFraction, riskPerTrade and maxLossPerPosition cap the loss at the stop of this trade.
 * 5. maxPortfolioRisk fits what is left into the budget the open positions leave.
 * 6. liquidationBeyondStop lowers leverage (same quantity, more margin); marginAvailable then fits
 *    that margin into free cash.
 * 7. venueLimits rounds down what the others decided, and refuses what falls below the venue's minimum.
 * From step 3 on, every rule only shrinks the quantity: the result is within every cap.
 */
export const ENTRY_RULES: readonly RiskRule[] = [
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
];

export type EntryVerdict = { readonly approved: true; readonly proposal: Proposal } | { readonly approved: false; readonly reason: string };

/** An entry the portfolio asked for: sized from its target weight, then through the same rules. */
export function judgeTarget(ctx: RiskContext, target: Pick<Target, 'symbol' | 'side' | 'weight'>, rules: readonly RiskRule[] = ENTRY_RULES): EntryVerdict {
  return judgeProposal(sizeFromTarget(ctx, target), ctx, rules);
}

function judgeProposal(first: Proposal | { refused: string }, ctx: RiskContext, rules: readonly RiskRule[]): EntryVerdict {
  if ('refused' in first) return { approved: false, reason: first.refused };
  let proposal = first;
  for (const rule of rules) {
    const outcome = rule(proposal, ctx);
    if (!outcome.ok) return { approved: false, reason: outcome.reason };
    proposal = outcome.proposal;
  }
  return { approved: true, proposal };
}

/**
 * The only way to mint an Approved order. An entry must come with a verdict from judgeTarget; an exit
 * (reduce-only) is always allowed: risk never stops a position from being closed.
 */
export function approveEntry(
  verdict: Extract<EntryVerdict, { approved: true }>,
  order: Omit<OrderRequest, 'symbol' | 'side' | 'quantity' | 'leverage' | 'reduceOnly' | 'stopDistance'>,
): Approved<OrderRequest> {
  const p = verdict.proposal;
  return {
    ...order,
    symbol: p.symbol,
    side: p.side === 'long' ? 'buy' : 'sell',
    quantity: p.quantity,
    leverage: p.leverage,
    reduceOnly: false,
    stopDistance: p.stopDistance,
    ...(p.takeProfitDistance !== undefined && { takeProfitDistance: p.takeProfitDistance }),
  } as Approved<OrderRequest>;
}

export function approveExit(order: OrderRequest & { readonly reduceOnly: true }): Approved<OrderRequest> {
  return order as Approved<OrderRequest>;
}
