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
 * Whether `bar` traded through `price` for a resting order on `side`: strictly below a buy, strictly above
 * a sell. A bar that only touches the price proves nothing: the queue ahead at that price is unknown.
 */
export function tradesThrough(side: OrderSide, price: number, bar: Bar): boolean {
  return side === 'buy' ? bar.low < price : bar.high > price;
}

/**
 * Where a resting order fills against one bar, or undefined when the bar never traded through it.
 * Market orders take the open. A limit that is already marketable at the open takes the open too (it
 * crossed the book: taker), unless it is post-only, which never takes. Otherwise the limit rests, and
 * fills at its own price, as maker, only when the bar trades through it (a bar that opens through a
 * resting post-only order fills it at its price too: it was on the book first).
 */
export function matchOrder(request: OrderRequest, bar: Bar, slippageBps: number, pricePrecision: number): Match | undefined {
  if (request.type === 'market') return { price: slippedPrice(bar.open, request.side, slippageBps, pricePrecision), liquidity: 'taker' };
  const limit = request.limitPrice;
  if (limit === undefined) return undefined;
  const buy = request.side === 'buy';
  if (!request.postOnly && (buy ? bar.open <= limit : bar.open >= limit)) return { price: bar.open, liquidity: 'taker' };
  if (tradesThrough(request.side, limit, bar)) return { price: limit, liquidity: 'maker' };
  return undefined;
}
