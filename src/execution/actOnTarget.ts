import type { Decision, DecisionAction } from '../domain/decision.js';
import type { Approved, OrderRequest, OrderSide } from '../domain/order.js';
import type { Position } from '../domain/position.js';
import type { Signal } from '../domain/signal.js';
import type { Target } from '../domain/target.js';
import { approveEntry, approveExit, judgeTarget } from '../risk/approve.js';
import type { RiskContext } from '../risk/types.js';
import type { ExecutionSettings } from './executionSettings.js';
import { roundPricePassive } from './priceRounding.js';

/** What an order id says about its order: 'o' opens or adds, 'x' closes, 'r' reduces. */
export type OrderPurpose = 'o' | 'x' | 'r';

export interface TargetContext {
  readonly signal: Signal;
  readonly target: Target;
  readonly position: Position | undefined;
  /** Risk's view at this step; `cash` already counts margin a close in this step frees. */
  readonly risk: RiskContext;
  readonly time: number;
  readonly execution: ExecutionSettings;
  readonly orderId: (purpose: OrderPurpose) => string;
}

export interface TargetPlan {
  readonly orders: readonly Approved<OrderRequest>[];
  readonly action: DecisionAction;
  readonly reason: string;
  readonly quantity?: number;
  readonly leverage?: number;
}

/** Order type and price of an order decided at this bar: a post-only limit at the close, or market. */
function pricing(c: TargetContext, side: OrderSide): Pick<OrderRequest, 'type' | 'limitPrice' | 'postOnly'> {
  if (c.execution.orderType === 'market') return { type: 'market' };
  return { type: 'limit', limitPrice: roundPricePassive(c.risk.price, side, c.risk.market.pricePrecision), postOnly: true };
}

function exitOrder(c: TargetContext, p: Position, quantity: number, purpose: 'x' | 'r', reason: string): Approved<OrderRequest> {
  return approveExit({
    clientOrderId: c.orderId(purpose),
    symbol: p.symbol,
    side: p.side === 'long' ? 'sell' : 'buy',
    ...pricing(c, p.side === 'long' ? 'sell' : 'buy'),
    quantity,
    leverage: p.leverage,
    reduceOnly: true,
    createdAt: c.time,
    signalBarTime: c.signal.barTime,
    reason,
  });
}

/** `quantity` rounded down to the market's amount step. */
function roundedDown(quantity: number, amountPrecision: number): number {
  const step = 10 ** -amountPrecision;
  return Number((Math.floor(quantity / step + 1e-9) * step).toFixed(amountPrecision));
}

/**
 * What to send for one symbol so that it moves to the portfolio's target. Entries and increases go through
 * every risk rule; exits and reductions never need approval: risk never keeps a position open.
 */
export function planForTarget(c: TargetContext): TargetPlan {
  const { target, position: p, signal } = c;
  const why = `${signal.class}${signal.confidence !== undefined ? ` ${signal.confidence.toFixed(3)}` : ''} (${signal.source}); ${target.reason}`;
  const entry = (action: DecisionAction, prior: Approved<OrderRequest>[], held?: number): TargetPlan => {
    const verdict = judgeTarget(held ? { ...c.risk, held } : c.risk, target);
    if (!verdict.approved) {
      return prior.length
        ? { orders: prior, action: 'close', reason: `closing; no new entry: ${verdict.reason}` }
        : { orders: [], action: held ? 'hold' : 'skip', reason: held ? `nothing added: ${verdict.reason}` : verdict.reason };
    }
    const order = approveEntry(verdict, {
      clientOrderId: c.orderId('o'),
      ...pricing(c, verdict.proposal.side === 'long' ? 'buy' : 'sell'),
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
      if (!p) return { orders: [], action: 'hold', reason: target.reason };
      const wanted = (target.weight * c.risk.equity) / c.risk.price;
      if (wanted > p.quantity) return entry('resize', [], p.quantity);
      const quantity = roundedDown(p.quantity - wanted, c.risk.market.amountPrecision);
      if (quantity < c.risk.market.minAmount) return { orders: [], action: 'hold', reason: `the reduction is below the venue minimum; ${target.reason}` };
      return {
        orders: [exitOrder(c, p, quantity, 'r', `reduce to ${(target.weight * 100).toFixed(2)}% of equity: ${why}`)],
        action: 'resize',
        reason: why,
        quantity,
      };
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
