import type { PositionSide } from '../domain/order.js';
import type { Target } from '../domain/target.js';
import { leverageFor } from './leverageFor.js';
import type { Proposal, RiskContext } from './types.js';

/**
 * The first cut of an entry the portfolio asked for: the notional its target weight names (less what is
 * already held on that side: an increase adds the difference), leverage by the leverage mode, stop at
 * stopAtr x the signal's ATR (the ATR of its horizon). The rules that follow may only shrink it. The target
 * must be on the side the signal points to: the portfolio only opens or adds what a signal of this step supports.
 */
export function sizeFromTarget(ctx: RiskContext, target: Pick<Target, 'symbol' | 'side' | 'weight'>): Proposal | { refused: string } {
  const { signal } = ctx;
  if (target.symbol !== signal.symbol) return { refused: `target for ${target.symbol} judged with a signal for ${signal.symbol}` };
  if (target.side === 'flat' || !(target.weight > 0)) return { refused: 'target is flat: nothing to open' };
  if (target.side !== signal.direction) return { refused: `target ${target.side} but the signal is ${signal.direction}` };
  if (!(signal.atr > 0) || !(ctx.price > 0)) return { refused: 'no ATR or price to size a stop' };
  const side: PositionSide = target.side;
  const quantity = (ctx.equity * target.weight) / ctx.price - (ctx.held ?? 0);
  if (!(quantity > 0)) return { refused: 'the position already holds the target' };
  const { leverage, note } = leverageFor(ctx, side, quantity * ctx.price);
  return {
    symbol: signal.symbol,
    side,
    quantity,
    leverage,
    stopDistance: ctx.settings.stopAtr * signal.atr,
    notes: [`target ${(target.weight * 100).toFixed(2)}% of equity${ctx.held ? ` (adds to ${ctx.held} held)` : ''}`, note],
  };
}
