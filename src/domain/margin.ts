import type { MarginLevel, MarketInfo } from './market.js';

/** The level of `levels` a position worth `notional` (at entry) falls in: the last one it reaches (the first, below all). */
export function marginLevelAt(levels: readonly MarginLevel[], notional: number): MarginLevel | undefined {
  let found: MarginLevel | undefined;
  for (const l of levels) if (notional >= l.fromNotional || found === undefined) found = l;
  return found;
}

/**
 * Maintenance margin rate of a position worth `notional` at entry: a perpetual's from its margin schedule
 * (the level of the position's size), any other market's the flat `fallback` (risk.maintenanceMarginRate).
 * The one rule both the venue (liquidation prices) and risk (leverage against the stop) read.
 */
export function maintenanceMarginRate(market: MarketInfo | undefined, notional: number, fallback: number): number {
  const levels = market?.perpetual?.marginLevels;
  return (levels && marginLevelAt(levels, notional)?.maintenanceMargin) ?? fallback;
}

/** Highest leverage a position worth `notional` may carry: a perpetual's level's 1 / initial margin, else the market's. */
export function maxLeverageAt(market: MarketInfo, notional: number): number {
  const levels = market.perpetual?.marginLevels;
  const level = levels && marginLevelAt(levels, notional);
  return level ? Math.min(market.maxLeverage, 1 / level.initialMargin) : market.maxLeverage;
}
