import type { OrderRequest, OrderSide, OrderState } from '../../domain/order.js';
import type { Position } from '../../domain/position.js';
import type { LeverageRangeSetting } from '../../risk/types.js';
import { positionSideOf } from '../ledger/index.js';
import { isCoinHolding } from './coinHolding.js';
import { closingSide } from '../orderStates.js';
import { roundPrice, truncateAmount } from '../priceRounding.js';
import type { AddOrderParams, TradingMarket } from './tradingApi.js';

/**
 * What goes to the exchange, and the request as the venue keeps it (amount truncated, price on a tick,
 * leverage clamped; 1 for a spot order, which carries no leverage on the exchange).
 */
export interface PreparedOrder {
  readonly request: OrderRequest;
  readonly params: Omit<AddOrderParams, 'clientId'>;
  /** How the leverage was changed, when it was. */
  readonly leverageNote?: string;
}

export type Preparation = PreparedOrder | { readonly refused: string };

export interface PrepareContext {
  readonly market: TradingMarket;
  /** The asset's configured leverage range (absent: only the market's levels bound it). */
  readonly range?: LeverageRangeSetting;
  /** The open position on the symbol, if any. */
  readonly position?: Position;
  /** Price a market order is expected near (the last close seen); without it the cost is left to the exchange. */
  readonly referencePrice?: number;
}

const positive = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v > 0;

/**
 * The leverage an order is sent with: the wanted one clamped to the asset's configured range and the
 * market's maximum, then down to a level the exchange offers for that side (Kraken takes only its listed
 * levels). Below the lowest level it is raised to it: the quantity, and so the loss at the stop, is
 * unchanged; only less margin is posted. A market without margin for the side is refused.
 */
export function clampLeverage(
  wanted: number,
  side: OrderSide,
  market: TradingMarket,
  range?: LeverageRangeSetting,
): { leverage: number } | { refused: string } {
  const levels = side === 'buy' ? market.leverageBuy : market.leverageSell;
  if (levels.length === 0)
    return {
      refused: `${market.symbol} offers no margin for a ${side}: ${side === 'sell' ? 'a short borrows the coin' : 'only a purchase paid in cash (leverage 1) trades there'}`,
    };
  if (!positive(wanted)) return { refused: `leverage ${wanted} is not a positive number` };
  const inRange = range ? Math.min(Math.max(wanted, range.min), range.max) : wanted;
  const cap = Math.min(inRange, market.maxLeverage, levels.at(-1) as number);
  const below = levels.filter((l) => l <= cap + 1e-9);
  return { leverage: below.at(-1) ?? (levels[0] as number) };
}

/**
 * Check an order against the market before anything is sent: amount truncated to the lot decimals and
 * at least the minimum, price on the tick, value at least the minimum cost, leverage clamped. A refusal
 * is a reason, recorded as a rejected order; nothing reaches the exchange.
 */
export function prepareOrder(order: OrderRequest, ctx: PrepareContext): Preparation {
  const { market } = ctx;
  if (!positive(order.quantity)) return { refused: `quantity ${order.quantity} is not a positive number` };
  const quantity = truncateAmount(order.quantity, market.amountPrecision);
  if (quantity <= 0) return { refused: `quantity ${order.quantity} truncates to 0 at ${market.amountPrecision} decimals` };
  if (quantity < market.minAmount) {
    return {
      refused: `quantity ${quantity} (after truncation to ${market.amountPrecision} decimals) below the exchange minimum ${market.minAmount} (ordermin)`,
    };
  }
  let limitPrice: number | undefined;
  if (order.type === 'limit') {
    if (!positive(order.limitPrice)) return { refused: `limit order without a positive limitPrice (got ${order.limitPrice})` };
    limitPrice = roundPrice(order.limitPrice, market.pricePrecision);
    if (limitPrice <= 0) return { refused: `limit price ${order.limitPrice} rounds to 0 at ${market.pricePrecision} decimals` };
  }
  const price = limitPrice ?? ctx.referencePrice;
  if (price !== undefined && quantity * price < market.minCost) {
    return { refused: `order value ${(quantity * price).toFixed(market.pricePrecision)} below the exchange minimum ${market.minCost} (costmin)` };
  }

  if (order.postOnly && order.type !== 'limit') return { refused: `post-only ${order.type} order: only a limit order can be post-only` };
  const kind = kindOf(order, quantity, ctx);
  if ('refused' in kind) return kind;
  for (const [name, d] of [
    ['stopDistance', order.stopDistance],
    ['takeProfitDistance', order.takeProfitDistance],
  ] as const) {
    if (!order.reduceOnly && d !== undefined && !positive(d)) return { refused: `${name} ${d} is not a positive distance` };
  }

  const leverage = kind.leverage ?? 1;
  const { limitPrice: _given, ...rest } = order;
  const request: OrderRequest = { ...rest, quantity, leverage, ...(limitPrice !== undefined && { limitPrice }) };
  return {
    request,
    params: {
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      volume: quantity.toFixed(market.amountPrecision),
      ...(limitPrice !== undefined && { price: limitPrice.toFixed(market.pricePrecision) }),
      ...(kind.leverage !== undefined && { leverage: kind.leverage }),
      // Kraken's reduce_only applies to margin positions only: a coin holding is reduced by a plain sell.
      reduceOnly: order.reduceOnly && kind.leverage !== undefined,
      ...(order.postOnly && { postOnly: true }),
    },
    ...(kind.note !== undefined && { leverageNote: kind.note }),
  };
}

/** A spot order (no leverage on the exchange) or a margin order at one of the market's levels. */
type OrderKind = { readonly leverage?: number; readonly note?: string } | { readonly refused: string };

/**
 * Spot or margin, as the position it acts on is: a leverage-1 long is a coin holding, bought, added to
 * and sold as spot; everything else (leverage above 1, any short) is a Kraken margin position. An entry
 * beside an open position on its side adds to it, in its own kind and at its own level; against it, it
 * is refused (a reversal closes first).
 */
function kindOf(order: OrderRequest, quantity: number, ctx: PrepareContext): OrderKind {
  const { market, position: p } = ctx;
  const levels = order.side === 'buy' ? market.leverageBuy : market.leverageSell;
  // A level the exchange lists is sent as it is; another (an effective one after adds) is clamped to one.
  const level = (wanted: number, range?: LeverageRangeSetting): OrderKind =>
    levels.includes(wanted) ? { leverage: wanted } : clampLeverage(wanted, order.side, market, range);
  if (order.reduceOnly) {
    if (!p) return { refused: `reduce-only ${order.side} on ${order.symbol}, but no position is open there` };
    if (closingSide(p.side) !== order.side) return { refused: `reduce-only ${order.side} would add to the ${p.side} on ${order.symbol}, not reduce it` };
    if (!isCoinHolding(p, market)) return level(p.leverage);
    // A plain sell takes any coin of the account: never more than the holding.
    if (quantity > p.quantity) return { refused: `a sell of ${quantity} ${order.symbol} would sell more than the ${p.quantity} the position holds` };
    return {};
  }
  if (p) {
    if (p.side !== positionSideOf(order)) return { refused: `a ${p.side} position on ${order.symbol} is open: one position per symbol (close it first)` };
    if (!isCoinHolding(p, market)) return level(p.leverage);
    if (order.leverage > 1)
      return { refused: `an add to the coins held on ${order.symbol} is a purchase paid in cash: ${order.leverage}x cannot be borrowed onto a spot holding` };
    return {};
  }
  if (!positive(order.leverage)) return { refused: `leverage ${order.leverage} is not a positive number` };
  // A perpetual has no cash purchase: every position is contracts on margin, at leverage 1 too.
  if (order.side === 'buy' && order.leverage <= 1 && !market.perpetual) return {};
  const clamped = clampLeverage(order.leverage, order.side, market, ctx.range);
  if ('refused' in clamped || clamped.leverage === order.leverage) return clamped;
  return { ...clamped, note: `leverage ${order.leverage}x sent as ${clamped.leverage}x (levels offered: ${levels.join(', ')})` };
}

export interface BooksContext extends PrepareContext {
  /** The engine-visible open orders (exchange stop orders left out). */
  readonly openOrders: readonly OrderState[];
  /** Send as a stop-loss triggering at this price (the position's exchange stop). */
  readonly stopPrice?: number;
}

/**
 * prepareOrder with what the venue's books add: one opening order per symbol at a time; a reversal's
 * entry may go out behind a close that covers the whole position (as in the simulated venue), except on a
 * perpetual, where it waits for the close to fill; a stop
 * order's cost is taken at its trigger.
 */
export function prepareOnBooks(order: OrderRequest, ctx: BooksContext): Preparation {
  const { position, stopPrice, market } = ctx;
  const opening = ctx.openOrders.find((o) => o.request.symbol === order.symbol && !o.request.reduceOnly);
  if (!order.reduceOnly && opening) {
    return { refused: `opening order ${opening.request.clientOrderId} on ${order.symbol} is still pending: one position per symbol` };
  }
  const closing = ctx.openOrders.filter((o) => o.request.symbol === order.symbol && o.request.reduceOnly).reduce((a, o) => a + o.request.quantity, 0);
  // A perpetual nets one position per contract: an entry against the open side that went out before its
  // close filled (a close refused, lost, or booked late) would reverse the position on the exchange. It
  // waits until the close has filled; the next bar decides it anew.
  const closingAhead = !order.reduceOnly && position !== undefined && closing >= position.quantity && !market.perpetual;
  const prep = prepareOrder(order, {
    market,
    ...(ctx.range && { range: ctx.range }),
    ...(position && !closingAhead && { position }),
    ...(ctx.referencePrice !== undefined && { referencePrice: stopPrice ?? ctx.referencePrice }),
  });
  if ('refused' in prep || stopPrice === undefined) return prep;
  const trigger = roundPrice(stopPrice, market.pricePrecision);
  return { ...prep, params: { ...prep.params, type: 'stop-loss', price: trigger.toFixed(market.pricePrecision) } };
}
