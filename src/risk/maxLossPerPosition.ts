import { pass, refuse, type RiskRule } from './types.js';

/** If the stop is hit, the position may lose at most maxLossPerPosition of equity (fees of both legs included). */
export const maxLossPerPosition: RiskRule = (p, ctx) => {
  const budget = ctx.settings.maxLossPerPosition * ctx.equity;
  const lossPerUnit = p.stopDistance + 2 * ctx.takerFee * ctx.price;
  if (!(lossPerUnit > 0)) return refuse('stop distance is zero');
  // An increase is judged with what is already held: the cap is on the whole position.
  const held = ctx.held ?? 0;
  const cap = budget / lossPerUnit - held;
  if (!(cap > 0)) return refuse(`the ${held} held already uses the max loss of ${(ctx.settings.maxLossPerPosition * 100).toFixed(2)}% of equity`);
  if (p.quantity <= cap) return pass(p);
  return pass({ ...p, quantity: cap }, `max loss ${(ctx.settings.maxLossPerPosition * 100).toFixed(2)}% caps quantity`);
};
