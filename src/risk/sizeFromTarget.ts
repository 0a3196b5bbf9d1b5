import type { Target } from '../domain/target.js';
import { proposalWithMargin, tierOrRefusal } from './sizeFromConfidence.js';
import type { Proposal, RiskContext } from './types.js';

/**
 * The first cut of an entry the portfolio asked for: margin = equity x target weight x tier size of the
 * signal's confidence; leverage, caps and stop as in sizeFromConfidence. The target must open a side the
 * signal points to: the portfolio only opens (or flips to) what a signal of this step supports.
 */
export function sizeFromTarget(ctx: RiskContext, target: Pick<Target, 'symbol' | 'side' | 'weight'>): Proposal | { refused: string } {
  if (target.symbol !== ctx.signal.symbol) return { refused: `target for ${target.symbol} judged with a signal for ${ctx.signal.symbol}` };
  if (target.side === 'flat' || !(target.weight > 0)) return { refused: 'target is flat: nothing to open' };
  if (target.side !== ctx.signal.direction) return { refused: `target ${target.side} but the signal is ${ctx.signal.direction}` };
  const tier = tierOrRefusal(ctx);
  if ('refused' in tier) return tier;
  const margin = ctx.equity * target.weight * tier.size;
  return proposalWithMargin(ctx, target.side, margin, [`target weight ${(target.weight * 100).toFixed(2)}%, tier ${tier.minConfidence} size ${tier.size}`]);
}
