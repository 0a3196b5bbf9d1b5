import type { PositionSide } from '../domain/order.js';

/**
 * Liquidation price of an isolated-margin position, the simple linear convention most exchanges document:
 * the position is liquidated when its loss has eaten the margin down to the maintenance margin,
 * `maintenanceMarginRate` being a fraction of the entry notional (0.005 = 0.5%).
 *
 *   long:  entry * (1 - 1/leverage + mmr)
 *   short: entry * (1 + 1/leverage - mmr)
 *
 * Fees and funding are left out on purpose: they are paid from cash, not from the isolated margin.
 */
export function liquidationPrice(side: PositionSide, entryPrice: number, leverage: number, maintenanceMarginRate: number): number {
  const distance = 1 / leverage - maintenanceMarginRate;
  return side === 'long' ? entryPrice * (1 - distance) : entryPrice * (1 + distance);
}

/** Where a position of `side` entered at `entryPrice` with `leverage` is liquidated: each venue's margin rules. */
export type LiquidationRule = (side: PositionSide, entryPrice: number, leverage: number) => number;

/** The linear rule above at a fixed maintenance margin rate (spot margin, the simulated venue). */
export function linearLiquidation(maintenanceMarginRate: number): LiquidationRule {
  return (side, entryPrice, leverage) => liquidationPrice(side, entryPrice, leverage, maintenanceMarginRate);
}

/** Whether `price` is at or beyond the liquidation price, on the losing side of the position. */
export function isBeyondLiquidation(side: PositionSide, price: number, liquidation: number): boolean {
  return side === 'long' ? price <= liquidation : price >= liquidation;
}
