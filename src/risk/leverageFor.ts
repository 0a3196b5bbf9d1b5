import { maxLeverageAt } from '../domain/margin.js';
import type { PositionSide } from '../domain/order.js';
import { cappedLeverage, leverageForConfidence } from './leverageForConfidence.js';
import { CASH_USED } from './marginAvailable.js';
import type { RiskContext } from './types.js';

/**
 * The leverage of an entry worth `notional`. The notional is the portfolio's decision; leverage only says
 * how much margin funds it. 'minimum' borrows nothing the free cash can pay for (on Kraken spot margin,
 * borrowing costs an opening fee and a rollover every 4 hours on the whole position); 'confidence' scales
 * within the asset's range by the model's confidence (the range's default without one). Both are capped
 * by the venue's maximum (a perpetual's at the size of the position, with what it adds to) and the global cap.
 */
export function leverageFor(ctx: RiskContext, _side: PositionSide, notional: number): { leverage: number; note: string } {
  const { settings, market, signal } = ctx;
  const venueMax = maxLeverageAt(market, notional + (ctx.held ?? 0) * ctx.price);
  if (settings.leverageMode === 'confidence') {
    const wanted = signal.confidence === undefined ? ctx.leverageRange.default : leverageForConfidence(signal.confidence, ctx.leverageRange, settings.tiers);
    const leverage = cappedLeverage(wanted, venueMax, settings.maxLeverage);
    return { leverage, note: `leverage ${wanted.toFixed(1)}x wanted, ${leverage}x allowed` };
  }
  // The margin and the fee both come out of free cash, less the 1% marginAvailable keeps back.
  const room = CASH_USED * ctx.cash - notional * ctx.takerFee;
  const wanted = notional > room ? (room > 0 ? Math.ceil((notional / room) * 100) / 100 : Number.POSITIVE_INFINITY) : 1;
  const leverage = cappedLeverage(wanted, venueMax, settings.maxLeverage);
  return { leverage, note: leverage > 1 ? `leverage ${leverage}x: free cash funds only part of it` : 'no leverage: paid from cash' };
}
