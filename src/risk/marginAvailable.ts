import { pass, refuse, type RiskRule } from './types.js';

/** Margin plus the opening fee must fit in free cash; a bigger entry is shrunk to what fits. */
export const marginAvailable: RiskRule = (p, ctx) => {
  const perUnit = ctx.price / p.leverage + ctx.price * ctx.takerFee;
  // Keep 1% of free cash back: the fill price may be a little worse than the signal's close.
  const affordable = (ctx.cash * 0.99) / perUnit;
  if (affordable <= 0) return refuse('no free cash for margin');
  if (p.quantity <= affordable) return pass(p);
  return pass({ ...p, quantity: affordable }, 'quantity cut to the free cash');
};
