import { pass, type RiskRule } from './types.js';

/** Default take-profit distance in ATR: with the 1.3 ATR stop, a payoff ratio of about 1.5. */
export const DEFAULT_TAKE_PROFIT_ATR = 2;

/**
 * Sets the take-profit at takeProfitAtr x ATR from the fill. It changes no size; it comes first because
 * the Kelly cap needs the payoff ratio it defines. Without the setting, the position has no take-profit
 * (the trailing stop alone takes profits), as before the setting existed.
 */
export const takeProfit: RiskRule = (p, ctx) => {
  const tpAtr = ctx.settings.takeProfitAtr;
  if (tpAtr === undefined) return pass(p);
  if (!(tpAtr > 0) || !(ctx.signal.atr > 0)) return pass(p);
  return pass({ ...p, takeProfitDistance: tpAtr * ctx.signal.atr });
};
