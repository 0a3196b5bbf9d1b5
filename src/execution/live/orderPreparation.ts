import type { OrderRequest, OrderSide, OrderState } from '../../domain/order.js';
import type { Position } from '../../domain/position.js';
import type { LeverageRangeSetting } from '../../risk/types.js';
import { closingSide } from '../orderStates.js';
import { roundPrice, truncateAmount } from '../priceRounding.js';
import type { AddOrderParams, TradingMarket } from './tradingApi.js';

/** What goes to the exchange, and the request as the venue keeps it (amount truncated, price on a tick, leverage clamped). */
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
export function clampLeverage(wanted: number, side: OrderSide, market: TradingMarket, range?: LeverageRangeSetting): { leverage: number } | { refused: string } {
  const levels = side === 'buy' ? market.leverageBuy : market.leverageSell;
  if (levels.length === 0) return { refused: `${market.symbol} offers no margin for a ${side}: the engine trades isolated-margin positions only` };
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
    return { refused: `quantity ${quantity} (after truncation to ${market.amountPrecision} decimals) below the exchange minimum ${market.minAmount} (ordermin)` };
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

  let leverage: number;
  let leverageNote: string | undefined;
  const p = ctx.position;
  if (order.reduceOnly) {
    if (!p) return { refused: `reduce-only ${order.side} on ${order.symbol}, but no position is open there` };
    if (closingSide(p.side) !== order.side) return { refused: `reduce-only ${order.side} would add to the ${p.side} on ${order.symbol}, not reduce it` };
    // Kraken closes a margin position with an opposite order carrying leverage: the position's own level.
    const levels = order.side === 'buy' ? market.leverageBuy : market.leverageSell;
    const clamped = levels.includes(p.leverage) ? { leverage: p.leverage } : clampLeverage(p.leverage, order.side, market, undefined);
    if ('refused' in clamped) return clamped;
    leverage = clamped.leverage;
  } else {
    if (p) return { refused: `a ${p.side} position on ${order.symbol} is open: one position per symbol (close it first)` };
    const clamped = clampLeverage(order.leverage, order.side, market, ctx.range);
    if ('refused' in clamped) return clamped;
    leverage = clamped.leverage;
    if (leverage !== order.leverage) leverageNote = `leverage ${order.leverage}x sent as ${leverage}x (levels offered: ${(order.side === 'buy' ? market.leverageBuy : market.leverageSell).join(', ')})`;
    for (const [name, d] of [['stopDistance', order.stopDistance], ['takeProfitDistance', order.takeProfitDistance]] as const) {
      if (d !== undefined && !positive(d)) return { refused: `${name} ${d} is not a positive distance` };
    }
  }

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
      leverage,
      reduceOnly: order.reduceOnly,
    },
    ...(leverageNote !== undefined && { leverageNote }),
  };
}

export interface BooksContext extends PrepareContext {
  /** The engine-visible open orders (exchange stop orders left out). */
  readonly openOrders: readonly OrderState[];
  /** Send as a stop-loss triggering at this price (the position's exchange stop). */
  readonly stopPrice?: number;
}

/**
 * prepareOrder with what the venue's books add: one opening order per symbol at a time; a reversal's
 * entry may go out behind a close that covers the whole position (as in the simulated venue); a stop
 * order's cost is taken at its trigger.
 */
export function prepareOnBooks(order: OrderRequest, ctx: BooksContext): Preparation {
  const { position, stopPrice, market } = ctx;
  const opening = ctx.openOrders.find((o) => o.request.symbol === order.symbol && !o.request.reduceOnly);
  if (!order.reduceOnly && opening) {
    return { refused: `opening order ${opening.request.clientOrderId} on ${order.symbol} is still pending: one position per symbol` };
  }
  const closing = ctx.openOrders.filter((o) => o.request.symbol === order.symbol && o.request.reduceOnly).reduce((a, o) => a + o.request.quantity, 0);
  const closingAhead = !order.reduceOnly && position !== undefined && closing >= position.quantity;
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
