import { pass, refuse, type RiskRule } from './types.js';

/** Share of free cash an entry may use: 1% stays back, for a fill a little worse than the signal's close. */
export const CASH_USED = 0.99;

/** Margin plus the opening fee must fit in free cash; a bigger entry is shrunk to what fits. */
export const marginAvailable: RiskRule = (p, ctx) => {
  const perUnit = ctx.price / p.leverage + ctx.price * ctx.takerFee;
  const affordable = (ctx.cash * CASH_USED) / perUnit;
  if (affordable <= 0) return refuse('no free cash for margin');
  if (p.quantity <= affordable) return pass(p);
  return pass({ ...p, quantity: affordable }, 'quantity cut to the free cash');
};
