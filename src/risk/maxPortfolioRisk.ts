import { lossPerUnitAtStop } from './lossAtStop.js';
import { pass, refuse, type RiskRule } from './types.js';

/**
 * If every open position and this entry hit their stops together, the account loses at most
 * maxPortfolioRisk of equity. The entry shrinks to the budget left by the open positions; with none
 * left it is refused. Needs ctx.openRisk (see openRisk.ts); without it the rule cannot judge and passes.
 */
export const maxPortfolioRisk: RiskRule = (p, ctx) => {
  const fraction = ctx.settings.maxPortfolioRisk;
  if (fraction === undefined || ctx.openRisk === undefined) return pass(p);
  const budget = fraction * ctx.equity;
  // What is already held of this position counts as open risk too (an increase).
  const heldRisk = (ctx.held ?? 0) * lossPerUnitAtStop(p.stopDistance, ctx);
  const open = ctx.openRisk + heldRisk;
  const left = budget - open;
  const pct = (x: number) => `${((x / ctx.equity) * 100).toFixed(2)}%`;
  if (!(left > 0)) return refuse(`open positions already risk ${pct(open)} of equity; the portfolio cap is ${(fraction * 100).toFixed(2)}%`);
  const lossPerUnit = lossPerUnitAtStop(p.stopDistance, ctx);
  if (!(lossPerUnit > 0)) return refuse('stop distance is zero');
  const cap = left / lossPerUnit;
  if (p.quantity <= cap) return pass(p);
  return pass({ ...p, quantity: cap }, `portfolio risk: ${pct(left)} of equity left after open positions caps quantity`);
};
