import { maintenanceMarginRate } from '../domain/margin.js';
import { pass, refuse, type RiskRule } from './types.js';

/**
 * Isolated spot margin is liquidated at 1/leverage - maintenance from entry; a perpetual at (1/leverage -
 * maintenance) / (1 -/+ maintenance) from entry for a long/short, its maintenance being a fraction of the value
 * at the liquidation price (see execution/liquidationPrice.ts). The maintenance rate is the venue's: a
 * perpetual's margin level at the position's value, else risk.maintenanceMarginRate. The stop must trigger
 * first, so leverage comes down until the liquidation price lies beyond the stop (with the slippage of a gap
 * in mind).
 */
export const liquidationBeyondStop: RiskRule = (p, ctx) => {
  const stopFraction = p.stopDistance / ctx.price;
  const headroom = 1.1; // the liquidation distance must exceed the stop distance by 10%
  const mmr = maintenanceMarginRate(ctx.market, (p.quantity + (ctx.held ?? 0)) * ctx.price, ctx.settings.maintenanceMarginRate);
  const perpetualScale = ctx.market.perpetual ? (p.side === 'long' ? 1 - mmr : 1 + mmr) : 1;
  const maxLeverage = 1 / (stopFraction * headroom * perpetualScale + mmr);
  if (p.leverage <= maxLeverage) return pass(p);
  const leverage = Math.floor(maxLeverage * 100) / 100;
  if (leverage < 1) return refuse(`stop ${(stopFraction * 100).toFixed(2)}% away is beyond any liquidation price`);
  // Same notional at lower leverage needs more margin; the margin rule that follows checks it.
  return pass({ ...p, leverage }, `leverage ${p.leverage}x -> ${leverage}x so liquidation lies beyond the stop`);
};
