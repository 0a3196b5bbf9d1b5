import type { Symbol } from '../domain/bar.js';
import { maintenanceMarginRate } from '../domain/margin.js';
import type { MarketInfo } from '../domain/market.js';
import type { PositionSide } from '../domain/order.js';

/**
 * Liquidation price of an isolated-margin position on spot margin: the position is liquidated when its margin
 * plus its unrealised P&L has fallen to the maintenance margin, `maintenanceMarginRate` being a fraction of the
 * entry notional (0.005 = 0.5%). With margin = entry notional / leverage:
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

/**
 * Liquidation price of an isolated position in a linear perpetual (Kraken Futures' PF_ contracts, one coin a
 * contract): the mark price P at which margin plus unrealised P&L equals the maintenance margin, a fraction
 * `mmr` of the position's value AT P (not at entry). With margin = entry notional / leverage:
 *
 *   long:  margin + q (P - entry) = mmr q P  ->  P = entry * (1 - 1/leverage) / (1 - mmr)
 *   short: margin - q (P - entry) = mmr q P  ->  P = entry * (1 + 1/leverage) / (1 + mmr)
 *
 * Kraken's published rule: the Equity Protection Process starts once the margin account's value falls below
 * the maintenance margin (https://support.kraken.com/hc/en-us/articles/360022835671); its worked example
 * (long 1,000 contracts at 8,000, margin 0.01 BTC, maintenance 1%: liquidated at 7,481) holds only with the
 * maintenance margin taken on the value at the mark price (on the entry value it would be 7,477). Kraken
 * watches its mark price, the simulated venue the bars' prices.
 */
export function perpetualLiquidationPrice(side: PositionSide, entryPrice: number, leverage: number, maintenanceMarginRate: number): number {
  return side === 'long' ? (entryPrice * (1 - 1 / leverage)) / (1 - maintenanceMarginRate) : (entryPrice * (1 + 1 / leverage)) / (1 + maintenanceMarginRate);
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
 * The rule of a venue trading `markets`: a perpetual is liquidated by Kraken Futures' rule at the margin level
 * of the position's value (see domain/margin.ts), any other market by the linear rule at `fallbackRate`, so
 * spot margin is linearLiquidation's.
 */
export function marketLiquidation(markets: ReadonlyMap<Symbol, MarketInfo>, fallbackRate: number): LiquidationRule {
  return (side, entryPrice, leverage, at) => {
    const market = at && markets.get(at.symbol);
    if (!at || !market?.perpetual) return liquidationPrice(side, entryPrice, leverage, fallbackRate);
    return perpetualLiquidationPrice(side, entryPrice, leverage, maintenanceMarginRate(market, at.quantity * entryPrice, fallbackRate));
  };
}

/** Whether `price` is at or beyond the liquidation price, on the losing side of the position. */
export function isBeyondLiquidation(side: PositionSide, price: number, liquidation: number): boolean {
  return side === 'long' ? price <= liquidation : price >= liquidation;
}
