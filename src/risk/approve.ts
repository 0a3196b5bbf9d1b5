import type { Approved, OrderRequest } from '../domain/order.js';
import { liquidationBeyondStop } from './liquidationBeyondStop.js';
import { marginAvailable } from './marginAvailable.js';
import { maxLossPerPosition } from './maxLossPerPosition.js';
import { sizeFromConfidence } from './sizeFromConfidence.js';
import type { Proposal, RiskContext, RiskRule } from './types.js';
import { venueLimits } from './venueLimits.js';

/** The rules every entry passes, in order. Venue limits come last: they round what the others decided. */
export const ENTRY_RULES: readonly RiskRule[] = [maxLossPerPosition, liquidationBeyondStop, marginAvailable, venueLimits];

export type EntryVerdict =
  | { readonly approved: true; readonly proposal: Proposal }
  | { readonly approved: false; readonly reason: string };

export function judgeEntry(ctx: RiskContext, rules: readonly RiskRule[] = ENTRY_RULES): EntryVerdict {
  const first = sizeFromConfidence(ctx);
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
 * The only way to mint an Approved order. An entry must come with a verdict from judgeEntry; an exit
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
