import type { Symbol } from '../domain/bar.js';
import { maxLeverageAt } from '../domain/margin.js';
import type { MarketInfo } from '../domain/market.js';
import type { OrderRequest, OrderState } from '../domain/order.js';
import { markedValue, type Position } from '../domain/position.js';
import { slippedPrice } from './orderMatch.js';
import { closingSide } from './orderStates.js';
import { roundPrice, truncateAmount } from './priceRounding.js';

/** What the venue knows when an order arrives. */
export interface SubmitContext {
  readonly markets: ReadonlyMap<Symbol, MarketInfo>;
  readonly positions: ReadonlyMap<Symbol, Position>;
  readonly resting: readonly OrderState[];
  readonly cash: number;
  /** Latest close matched per symbol: the price a market order is expected near. */
  readonly lastClose: ReadonlyMap<Symbol, number>;
  readonly takerFee: number;
  readonly slippageBps: number;
  /** Margin opening fee rate an entry would pay (financing); absent: none. */
  readonly openingFeeRate?: (order: OrderRequest) => number;
}

export type SubmitVerdict =
  | { readonly refused: string }
  /** The order as the venue keeps it: amount truncated, limit price on a tick. */
  | { readonly request: OrderRequest; readonly minCostAtFill: boolean };

const isPositive = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v > 0;

/** Whether the venue takes `order`, and in what form; business refusals are reasons, never exceptions. */
export function refusalOf(order: OrderRequest, ctx: SubmitContext): SubmitVerdict {
  const market = ctx.markets.get(order.symbol);
  if (!market) return { refused: `unknown symbol ${order.symbol} (the simulated venue trades ${[...ctx.markets.keys()].join(', ') || 'nothing'})` };
  if (!isPositive(order.quantity)) return { refused: `quantity ${order.quantity} is not a positive number` };
  const quantity = truncateAmount(order.quantity, market.amountPrecision);
  if (quantity <= 0) return { refused: `quantity ${order.quantity} truncates to 0 at ${market.amountPrecision} decimals` };
  let limitPrice: number | undefined;
  if (order.type === 'limit') {
    if (!isPositive(order.limitPrice)) return { refused: `limit order without a positive limitPrice (got ${order.limitPrice})` };
    limitPrice = roundPrice(order.limitPrice, market.pricePrecision);
    if (limitPrice <= 0) return { refused: `limit price ${order.limitPrice} rounds to 0 at ${market.pricePrecision} decimals` };
  }
  const postOnly = postOnlyRefusal(order, limitPrice, ctx.lastClose.get(order.symbol));
  if (postOnly) return { refused: postOnly };
  const { limitPrice: _given, ...rest } = order;
  const request: OrderRequest = { ...rest, quantity, ...(limitPrice !== undefined && { limitPrice }) };
  return order.reduceOnly ? closeRefusal(request, market, ctx) : openRefusal(request, market, ctx);
}

function closeRefusal(r: OrderRequest, market: MarketInfo, ctx: SubmitContext): SubmitVerdict {
  const p = ctx.positions.get(r.symbol);
  if (!p) return { refused: `reduce-only ${r.side} on ${r.symbol}, but no position is open there` };
  if (closingSide(p.side) !== r.side) return { refused: `reduce-only ${r.side} would add to the ${p.side} on ${r.symbol}, not reduce it` };
  // Closing what is left is always allowed; only a partial close must be a tradable amount.
  if (r.quantity < p.quantity && r.quantity < market.minAmount) {
    return { refused: `quantity ${r.quantity} (after truncation to ${market.amountPrecision} decimals) below the venue minimum ${market.minAmount}` };
  }
  return { request: r, minCostAtFill: false };
}

function openRefusal(r: OrderRequest, market: MarketInfo, ctx: SubmitContext): SubmitVerdict {
  if (!(Number.isFinite(r.leverage) && r.leverage >= 1 && r.leverage <= market.maxLeverage)) {
    return { refused: `leverage ${r.leverage}x outside 1x..${market.maxLeverage}x allowed for ${r.symbol}` };
  }
  if (r.quantity < market.minAmount) {
    return { refused: `quantity ${r.quantity} (after truncation to ${market.amountPrecision} decimals) below the venue minimum ${market.minAmount}` };
  }
  for (const [name, d] of [
    ['stopDistance', r.stopDistance],
    ['takeProfitDistance', r.takeProfitDistance],
  ] as const) {
    if (d !== undefined && !isPositive(d)) return { refused: `${name} ${d} is not a positive distance` };
  }
  const pending = ctx.resting.find((o) => o.request.symbol === r.symbol && !o.request.reduceOnly);
  if (pending) return { refused: `opening order ${pending.request.clientOrderId} on ${r.symbol} is still pending: one position per symbol` };
  const p = ctx.positions.get(r.symbol);
  const closing = p && closingQuantity(p, ctx) >= p.quantity ? p : undefined;
  // An entry on the open position's side adds to it; against it, it would be a second position.
  if (p && !closing && p.side !== (r.side === 'buy' ? 'long' : 'short')) {
    return { refused: `a ${p.side} position on ${r.symbol} is open: one position per symbol (reverse with a reduce-only close first)` };
  }

  const price = referencePrice(r, ctx);
  // Nothing matched on this symbol yet (a fresh start): the fill checks cost and cash with the real price.
  if (price === undefined) return { request: r, minCostAtFill: true };
  const notional = r.quantity * price;
  if (notional < market.minCost) return { refused: `order value ${notional} below the venue minimum ${market.minCost}` };
  // A perpetual's margin schedule: the bigger the position (with what it adds to), the less leverage.
  const held = p && !closing ? p.quantity * p.entryPrice : 0;
  const levelMax = maxLeverageAt(market, held + notional);
  if (r.leverage > levelMax) return { refused: `leverage ${r.leverage}x above the ${levelMax}x ${r.symbol} allows for a position worth ${held + notional}` };
  const needed = entryCost(r, price, ctx);
  const free = freeCash(ctx, closing);
  if (needed > free) return { refused: `margin + estimated fee ${needed} exceed the free cash ${free}` };
  return { request: r, minCostAtFill: false };
}

/**
 * A post-only order must rest on the book: a limit already marketable against the last price the venue
 * matched (a buy above it, a sell below) would take liquidity, and Kraken refuses such an
 * order (oflags=post) rather than let it. With no price known yet it rests, and can only fill as maker.
 */
function postOnlyRefusal(order: OrderRequest, limitPrice: number | undefined, last: number | undefined): string | undefined {
  if (!order.postOnly) return undefined;
  if (limitPrice === undefined) return `post-only ${order.type} order: only a limit order can be post-only`;
  if (last === undefined) return undefined;
  const buy = order.side === 'buy';
  // At the last price it is at the touch: with bars, the last close is the best estimate of both sides of the
  // book, so it rests there (and fills only when a later bar trades through it).
  if (buy ? limitPrice > last : limitPrice < last) {
    return `post-only ${order.side} limit ${limitPrice} is ${buy ? 'above' : 'below'} the last price ${last}: it would take liquidity, so it is refused (as Kraken refuses a post-only order that would cross the book)`;
  }
  return undefined;
}

/** Cash an entry locks and pays at `price`: margin, the taker fee, and the margin opening fee if any. */
function entryCost(r: OrderRequest, price: number, ctx: SubmitContext): number {
  const notional = r.quantity * price;
  return notional / r.leverage + notional * (ctx.takerFee + (ctx.openingFeeRate?.(r) ?? 0));
}

function closingQuantity(p: Position, ctx: SubmitContext): number {
  let q = 0;
  for (const o of ctx.resting) if (o.request.reduceOnly && o.request.symbol === p.symbol && o.request.side === closingSide(p.side)) q += o.request.quantity;
  return q;
}

function referencePrice(r: OrderRequest, ctx: SubmitContext): number | undefined {
  if (r.limitPrice !== undefined) return r.limitPrice;
  const close = ctx.lastClose.get(r.symbol);
  const precision = ctx.markets.get(r.symbol)?.pricePrecision ?? 8;
  return close === undefined ? undefined : slippedPrice(close, r.side, ctx.slippageBps, precision);
}

/**
 * Cash not yet spoken for: less what pending entries will lock, plus what the position being closed
 * ahead of this entry (a reversal) should give back.
 */
function freeCash(ctx: SubmitContext, closing: Position | undefined): number {
  let free = ctx.cash;
  for (const o of ctx.resting) {
    if (o.request.reduceOnly) continue;
    const price = referencePrice(o.request, ctx);
    if (price !== undefined) free -= entryCost(o.request, price, ctx);
  }
  if (closing) {
    const mark = ctx.lastClose.get(closing.symbol);
    free += mark === undefined ? closing.margin : markedValue(closing, mark) - closing.quantity * mark * ctx.takerFee;
  }
  return free;
}
