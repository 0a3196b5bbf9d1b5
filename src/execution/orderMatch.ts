import type { Bar } from '../domain/bar.js';
import type { Liquidity, OrderRequest, OrderSide } from '../domain/order.js';
import { roundPriceAgainst } from './priceRounding.js';

export interface Match {
  readonly price: number;
  readonly liquidity: Liquidity;
}

/** `price` moved against the trader by `slippageBps`, on a tick: what a market order really gets. */
export function slippedPrice(price: number, side: OrderSide, slippageBps: number, pricePrecision: number): number {
  const f = slippageBps / 1e4;
  return roundPriceAgainst(side === 'buy' ? price * (1 + f) : price * (1 - f), side, pricePrecision);
}

/**
 * Where a resting order fills against one bar, or undefined when the bar never reached it.
 * Market orders take the open. A limit that is already marketable at the open takes the open too
 * (it crossed the book: taker); otherwise it rested, and fills at its own price when the bar reaches it (maker).
 */
export function matchOrder(request: OrderRequest, bar: Bar, slippageBps: number, pricePrecision: number): Match | undefined {
  if (request.type === 'market') return { price: slippedPrice(bar.open, request.side, slippageBps, pricePrecision), liquidity: 'taker' };
  const limit = request.limitPrice;
  if (limit === undefined) return undefined;
  const buy = request.side === 'buy';
  if (buy ? bar.open <= limit : bar.open >= limit) return { price: bar.open, liquidity: 'taker' };
  if (buy ? bar.low <= limit : bar.high >= limit) return { price: limit, liquidity: 'maker' };
  return undefined;
}
