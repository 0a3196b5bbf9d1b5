import { pass, refuse, type RiskRule } from './types.js';

/** Round down to the venue's amount precision; refuse what falls below its minimum amount or cost. */
export const venueLimits: RiskRule = (p, ctx) => {
  const step = 10 ** -ctx.market.amountPrecision;
  const quantity = Math.floor(p.quantity / step + 1e-9) * step;
  const rounded = Number(quantity.toFixed(ctx.market.amountPrecision));
  if (rounded < ctx.market.minAmount) return refuse(`quantity ${rounded} below the venue minimum ${ctx.market.minAmount}`);
  if (rounded * ctx.price < ctx.market.minCost) return refuse(`order value below the venue minimum ${ctx.market.minCost}`);
  return pass({ ...p, quantity: rounded });
};
