import type { Bar } from '../domain/bar.js';
import type { OrderRequest, OrderSide, OrderState, OrderType } from '../domain/order.js';
import type { Position } from '../domain/position.js';

/** The side of an order that reduces a position of `side`. */
export function closingSide(side: Position['side']): OrderSide {
  return side === 'long' ? 'sell' : 'buy';
}

export function copyOrder(s: OrderState): OrderState {
  return { ...s, request: { ...s.request } };
}

export function openOrder(request: OrderRequest): OrderState {
  return { request, status: 'open', filledQuantity: 0, updatedAt: request.createdAt, venueOrderId: request.clientOrderId };
}

export function rejectedOrder(request: OrderRequest, reason: string, time: number): OrderState {
  return { request, status: 'rejected', filledQuantity: 0, updatedAt: time, rejectReason: reason, venueOrderId: request.clientOrderId };
}

/** A cancellation the venue decided on carries its reason in `rejectReason`; one the engine asked for does not. */
export function cancelledOrder(s: OrderState, time: number, reason?: string): OrderState {
  return { ...s, status: 'cancelled', updatedAt: time, ...(reason !== undefined && { rejectReason: reason }) };
}

export function filledOrder(s: OrderState, quantity: number, price: number, time: number): OrderState {
  return { ...s, status: 'filled', filledQuantity: quantity, averagePrice: price, updatedAt: time };
}

/**
 * The order row of a stop, take-profit or liquidation: the venue closed the position on its own, and every
 * fill must still point at an order.
 */
export function protectiveOrder(p: Position, id: string, type: OrderType, price: number, bar: Bar, reason: string): OrderState {
  const request: OrderRequest = {
    clientOrderId: id,
    symbol: p.symbol,
    side: closingSide(p.side),
    type,
    quantity: p.quantity,
    ...(type === 'limit' && { limitPrice: price }),
    leverage: p.leverage,
    reduceOnly: true,
    createdAt: bar.time,
    signalBarTime: bar.time,
    reason,
  };
  return filledOrder(openOrder(request), p.quantity, price, bar.time);
}
