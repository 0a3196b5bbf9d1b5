import type { Symbol } from '../domain/bar.js';
import { maintenanceMarginRate } from '../domain/margin.js';
import type { MarketInfo } from '../domain/market.js';
import type { PositionSide } from '../domain/order.js';

/**
 * Liquidation price of an isolated-margin position: the position is liquidated when its margin plus its
 * unrealised P&L has fallen to the maintenance margin, `maintenanceMarginRate` being a fraction of the
 * entry notional (0.005 = 0.5%). With margin = entry notional / leverage:
 *
 *   long:  entry * (1 - 1/leverage + mmr)
 *   short: entry * (1 + 1/leverage - mmr)
 *
 * This is Kraken Futures' rule for an isolated position too: its Equity Protection Process starts a
 * liquidation once the margin account's value falls below the maintenance margin
 * (https://support.kraken.com/hc/en-us/articles/360022835671), and multi-collateral margin percentages
 * apply to the position's value at the entry price (https://support.kraken.com/hc/en-us/articles/360022632452),
 * the maintenance rate being the margin level of the position's size. Looked up, not measured on the
 * exchange; Kraken watches its mark price, the simulated venue the bars' prices. Fees and funding are left
 * out on purpose: they are paid from cash, not from the isolated margin.
 */
export function liquidationPrice(side: PositionSide, entryPrice: number, leverage: number, maintenanceMarginRate: number): number {
  const distance = 1 / leverage - maintenanceMarginRate;
  return side === 'long' ? entryPrice * (1 - distance) : entryPrice * (1 + distance);
}

/**
 * Where a position of `side` entered at `entryPrice` with `leverage` is liquidated: each venue's margin rules.
 * `at` names the position (its symbol and size) where the rule depends on them, as a margin schedule does.
 */
export type LiquidationRule = (side: PositionSide, entryPrice: number, leverage: number, at?: { readonly symbol: Symbol; readonly quantity: number }) => number;

/** The linear rule above at a fixed maintenance margin rate (spot margin). */
export function linearLiquidation(maintenanceMarginRate: number): LiquidationRule {
  return (side, entryPrice, leverage) => liquidationPrice(side, entryPrice, leverage, maintenanceMarginRate);
}

/**
 * The rule of a venue trading `markets`: a perpetual's maintenance rate is its margin level at the position's
 * value (see domain/margin.ts), any other market's is `fallbackRate`, so spot margin is linearLiquidation's.
 */
export function marketLiquidation(markets: ReadonlyMap<Symbol, MarketInfo>, fallbackRate: number): LiquidationRule {
  return (side, entryPrice, leverage, at) => {
    const rate = at ? maintenanceMarginRate(markets.get(at.symbol), at.quantity * entryPrice, fallbackRate) : fallbackRate;
    return liquidationPrice(side, entryPrice, leverage, rate);
  };
}

/** Whether `price` is at or beyond the liquidation price, on the losing side of the position. */
export function isBeyondLiquidation(side: PositionSide, price: number, liquidation: number): boolean {
  return side === 'long' ? price <= liquidation : price >= liquidation;
}
