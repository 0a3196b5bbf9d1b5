import { lossPerUnitAtStop } from './lossAtStop.js';
import { pass, refuse, type RiskRule } from './types.js';

/**
 * The classic fixed-fractional rule: a new trade stopped out loses at most riskPerTrade of equity.
 * It overlaps maxLossPerPosition (which also caps what a position loses as it is resized); whichever
 * is tighter binds.
 */
export const riskPerTrade: RiskRule = (p, ctx) => {
  const fraction = ctx.settings.riskPerTrade;
  if (fraction === undefined) return pass(p);
  const lossPerUnit = lossPerUnitAtStop(p.stopDistance, ctx);
  if (!(lossPerUnit > 0)) return refuse('stop distance is zero');
  const cap = (fraction * ctx.equity) / lossPerUnit;
  if (!(cap > 0)) return refuse('no equity to risk');
  if (p.quantity <= cap) return pass(p);
  return pass({ ...p, quantity: cap }, `risk per trade ${(fraction * 100).toFixed(2)}% caps quantity`);
};
