import { lossPerUnitAtStop } from './lossAtStop.js';
import { pass, refuse, type RiskRule } from './types.js';

/**
 * Kelly's optimal fraction of capital to stake on a bet won with probability p that pays b times the
 * stake: f* = p - (1 - p) / b. Zero or less means the bet has no edge.
 */
export function kellyOptimal(p: number, b: number): number {
  return p - (1 - p) / b;
}

/**
 * Optional (off by default): the stake of a trade is what it loses at the stop, the payoff ratio b is
 * take-profit distance / stop distance, and p is the signal's confidence (the probability of the predicted
 * direction, taken as the chance of reaching the take-profit first: an optimistic reading, hence the
 * fraction). The loss at the stop is capped at fraction x f* of equity; f* <= 0 refuses the trade.
 * Without a take-profit there is no payoff ratio, without a confidence no p: the rule passes.
 */
export const kellyFraction: RiskRule = (p, ctx) => {
  const k = ctx.settings.kelly;
  const confidence = ctx.signal.confidence;
  if (!k?.enabled || confidence === undefined || p.takeProfitDistance === undefined || !(p.stopDistance > 0)) return pass(p);
  const b = p.takeProfitDistance / p.stopDistance;
  const f = kellyOptimal(confidence, b);
  if (!(f > 0)) return refuse(`no Kelly edge: f* = ${f.toFixed(3)} at p ${confidence.toFixed(3)}, b ${b.toFixed(2)}`);
  const cap = (k.fraction * f * ctx.equity) / lossPerUnitAtStop(p.stopDistance, ctx);
  if (p.quantity <= cap) return pass(p);
  return pass({ ...p, quantity: cap }, `Kelly ${k.fraction} x f* ${f.toFixed(3)} caps quantity`);
};
