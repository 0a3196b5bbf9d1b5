import type { Decision, DecisionAction } from '../domain/decision.js';
import type { Approved, OrderRequest } from '../domain/order.js';
import type { Position } from '../domain/position.js';
import type { Signal } from '../domain/signal.js';
import type { Target } from '../domain/target.js';
import { approveEntry, approveExit, judgeTarget } from '../risk/approve.js';
import { tierFor } from '../risk/confidenceTier.js';
import type { RiskContext } from '../risk/types.js';

export interface TargetContext {
  readonly signal: Signal;
  readonly target: Target;
  readonly position: Position | undefined;
  /** Risk's view at this step; `cash` already counts margin a close in this step frees. */
  readonly risk: RiskContext;
  readonly time: number;
  readonly rebalanceBand: number;
  readonly orderId: (purpose: 'o' | 'x' | 'r') => string;
}

export interface TargetPlan {
  readonly orders: readonly Approved<OrderRequest>[];
  readonly action: DecisionAction;
  readonly reason: string;
  readonly quantity?: number;
  readonly leverage?: number;
}

function exitOrder(c: TargetContext, p: Position, quantity: number, purpose: 'x' | 'r', reason: string): Approved<OrderRequest> {
  return approveExit({
    clientOrderId: c.orderId(purpose),
    symbol: p.symbol,
    side: p.side === 'long' ? 'sell' : 'buy',
    type: 'market',
    quantity,
    leverage: p.leverage,
    reduceOnly: true,
    createdAt: c.time,
    signalBarTime: c.signal.barTime,
    reason,
  });
}

/**
 * What to send for one symbol so that it moves to the portfolio's target. Entries go through every
 * risk rule (sized from the target weight); exits never need approval: risk never keeps a position open.
 */
export function planForTarget(c: TargetContext): TargetPlan {
  const { target, position: p, signal } = c;
  const why = `${signal.class} ${signal.confidence.toFixed(3)} (${signal.source}); ${target.reason}`;
  const entry = (action: DecisionAction, prior: Approved<OrderRequest>[]): TargetPlan => {
    const verdict = judgeTarget(c.risk, target);
    if (!verdict.approved) {
      return prior.length
        ? { orders: prior, action: 'close', reason: `closing; no new entry: ${verdict.reason}` }
        : { orders: [], action: 'skip', reason: verdict.reason };
    }
    const order = approveEntry(verdict, {
      clientOrderId: c.orderId('o'),
      type: 'market',
      createdAt: c.time,
      signalBarTime: signal.barTime,
      atr: signal.atr,
      reason: why,
    });
    return {
      orders: [...prior, order],
      action,
      reason: `${why}; ${verdict.proposal.notes.join('; ')}`,
      quantity: order.quantity,
      leverage: order.leverage,
    };
  };

  switch (target.action) {
    case 'open':
      if (p) return { orders: [], action: 'hold', reason: 'a position is already open' };
      return entry(target.side === 'long' ? 'open_long' : 'open_short', []);
    case 'flip':
      if (!p) return entry(target.side === 'long' ? 'open_long' : 'open_short', []);
      return entry('reverse', [exitOrder(c, p, p.quantity, 'x', `flip to ${target.side}: ${why}`)]);
    case 'close':
      if (!p) return { orders: [], action: 'skip', reason: target.reason };
      return { orders: [exitOrder(c, p, p.quantity, 'x', why)], action: 'close', reason: why };
    case 'resize': {
      // Only down: the venue keeps one position per symbol and never adds to it. The position was
      // opened at weight x tier size, so that is what it is compared with.
      if (!p) return { orders: [], action: 'hold', reason: target.reason };
      const tier = tierFor(signal.confidence, c.risk.settings.tiers);
      const size = tier?.size ?? 0;
      const wanted = target.weight * size * c.risk.equity;
      // The reason names what was compared here (margin against weight x tier size), so that it reads
      // true beside the portfolio's own reason, which compared the weight with the margin's share.
      const share = (x: number) => `${((100 * x) / c.risk.equity).toFixed(2)}%`;
      const sized = `the target margin ${share(wanted)} of equity (weight ${(100 * target.weight).toFixed(2)}% x tier size ${size})`;
      const hold = (why: string): TargetPlan => ({ orders: [], action: 'hold', reason: `hold: ${why}; portfolio: ${target.reason}` });
      if (p.margin <= wanted) return hold(`${sized} is not below the position's margin ${share(p.margin)}, and a position is never added to`);
      if (p.margin <= wanted * (1 + c.rebalanceBand)) return hold(`the position's margin ${share(p.margin)} is within the rebalance band of ${sized}`);
      const quantity = p.quantity * (1 - wanted / p.margin);
      const step = 10 ** -c.risk.market.amountPrecision;
      const rounded = Number((Math.floor(quantity / step + 1e-9) * step).toFixed(c.risk.market.amountPrecision));
      if (rounded < c.risk.market.minAmount) return hold(`the reduction to ${sized} is below the venue minimum ${c.risk.market.minAmount}`);
      return { orders: [exitOrder(c, p, rounded, 'r', `reduce to weight ${target.weight.toFixed(4)}: ${why}`)], action: 'resize', reason: why, quantity: rounded };
    }
    case 'hold':
      return { orders: [], action: 'hold', reason: target.reason };
    case 'none':
      return { orders: [], action: 'skip', reason: target.reason };
  }
}

export function decisionOf(signal: Signal, plan: TargetPlan, time: number): Decision {
  return {
    signal,
    action: plan.action,
    reason: plan.reason,
    decidedAt: time,
    ...(plan.quantity !== undefined && { quantity: plan.quantity }),
    ...(plan.leverage !== undefined && { leverage: plan.leverage }),
  };
}
