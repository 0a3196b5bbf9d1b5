import type { RiskContext } from './types.js';

/**
 * What one unit of a new position loses if its stop is hit: the stop distance plus the taker fee of both
 * legs at the entry price. The same measure as maxLossPerPosition, so the loss caps compare like with like.
 */
export function lossPerUnitAtStop(stopDistance: number, ctx: Pick<RiskContext, 'price' | 'takerFee'>): number {
  return stopDistance + 2 * ctx.takerFee * ctx.price;
}
