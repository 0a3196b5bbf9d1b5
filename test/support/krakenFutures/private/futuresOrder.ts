import type { EmulatorPerpetual } from '../instruments.js';

export type FuturesSide = 'buy' | 'sell';
/** sendorder's orderType: limit, post-only limit, market, stop, take-profit, immediate-or-cancel limit. */
export type FuturesOrderType = 'lmt' | 'post' | 'mkt' | 'stp' | 'take_profit' | 'ioc';
export const FUTURES_ORDER_TYPES: readonly FuturesOrderType[] = ['lmt', 'post', 'mkt', 'stp', 'take_profit', 'ioc'];
export type FuturesOrderStatus = 'open' | 'filled' | 'cancelled';

/** What sendorder asked for, validated. */
export interface FuturesOrderRequest {
  readonly perpetual: EmulatorPerpetual;
  readonly side: FuturesSide;
  readonly type: FuturesOrderType;
  /** Contracts (one coin each on PF_ contracts). */
  readonly size: number;
  /** The limit (lmt, post, ioc; a stp or take_profit with one rests there once triggered). */
  readonly limitPrice?: number;
  /** The trigger of stp and take_profit. */
  readonly stopPrice?: number;
  readonly reduceOnly: boolean;
  readonly cliOrdId?: string;
  /** last, mark or index: the emulator has one price, the tape, for all three. */
  readonly triggerSignal: string;
}

/** One order of the user as the emulator books and matches it. */
export interface FuturesOrder extends FuturesOrderRequest {
  readonly orderId: string;
  readonly receivedTime: number;
  /** Partial-fill fault: at most size / pieces fills per tape print (1 = no limit). */
  readonly pieces: number;
  status: FuturesOrderStatus;
  /** A stp or take_profit whose trigger was reached (always true for the others). */
  triggered: boolean;
  filled: number;
  lastUpdateTime: number;
  /** Why it was cancelled, when it was. */
  reason?: string;
  /** The fill ids, in order. */
  readonly fills: string[];
}

export function isTriggerOrder(o: Pick<FuturesOrderRequest, 'type'>): boolean {
  return o.type === 'stp' || o.type === 'take_profit';
}

export function unfilled(o: FuturesOrder): number {
  return Math.max(0, o.size - o.filled);
}

/** The limit an active order rests at; undefined for one that fills at the market (mkt, a stop without limit). */
export function restingLimit(o: Pick<FuturesOrderRequest, 'type' | 'limitPrice'>): number | undefined {
  return o.type === 'mkt' ? undefined : o.limitPrice;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** A buy stop and a sell take-profit wait for the price to rise to the trigger; the others for it to fall. */
export function triggerSide(o: Pick<FuturesOrderRequest, 'type' | 'side'>): 'trigger_above' | 'trigger_below' {
  return (o.type === 'stp') === (o.side === 'buy') ? 'trigger_above' : 'trigger_below';
}

/** The order as sendorder's and cancelorder's events carry it (`order`, `orderPriorExecution`). */
export function orderJson(o: FuturesOrder, filled = o.filled): Record<string, unknown> {
  return {
    orderId: o.orderId,
    cliOrdId: o.cliOrdId ?? null,
    type: o.type,
    symbol: o.perpetual.id,
    side: o.side,
    quantity: o.size,
    filled,
    limitPrice: o.limitPrice ?? null,
    ...(o.stopPrice !== undefined && { stopPrice: o.stopPrice }),
    reduceOnly: o.reduceOnly,
    timestamp: iso(o.receivedTime),
    lastUpdateTimestamp: iso(o.lastUpdateTime),
  };
}

/** A stop or take-profit waiting for its trigger, as sendorder's PLACE event carries it (`orderTrigger`). */
export function triggerJson(o: FuturesOrder): Record<string, unknown> {
  return {
    uid: o.orderId,
    clientId: o.cliOrdId ?? null,
    // What the order becomes once triggered: a limit, or an immediate-or-cancel one at the market.
    type: o.limitPrice === undefined ? 'ioc' : 'lmt',
    symbol: o.perpetual.id,
    side: o.side,
    quantity: o.size,
    limitPrice: o.limitPrice ?? null,
    triggerPrice: o.stopPrice,
    triggerSide: triggerSide(o),
    triggerSignal: `${o.triggerSignal}_price`,
    reduceOnly: o.reduceOnly,
    timestamp: iso(o.receivedTime),
    lastUpdateTimestamp: iso(o.lastUpdateTime),
  };
}

/** GET openorders' entry. Trigger orders show as `stop` / `take_profit` with their stopPrice. */
export function openOrderEntry(o: FuturesOrder): Record<string, unknown> {
  const orderType = o.type === 'stp' ? 'stop' : o.type;
  return {
    order_id: o.orderId,
    ...(o.cliOrdId !== undefined && { cliOrdId: o.cliOrdId }),
    symbol: o.perpetual.id,
    side: o.side,
    orderType,
    ...(o.limitPrice !== undefined && { limitPrice: o.limitPrice }),
    ...(o.stopPrice !== undefined && { stopPrice: o.stopPrice, triggerSignal: o.triggerSignal }),
    unfilledSize: unfilled(o),
    receivedTime: iso(o.receivedTime),
    status: o.filled > 0 ? 'partiallyFilled' : 'untouched',
    filledSize: o.filled,
    reduceOnly: o.reduceOnly,
    lastUpdateTime: iso(o.lastUpdateTime),
  };
}

function lifecycleStatus(o: FuturesOrder): string {
  if (o.status === 'filled') return 'FULLY_EXECUTED';
  if (o.status === 'cancelled') return 'CANCELLED';
  return o.triggered ? 'ENTERED_BOOK' : 'TRIGGER_PLACED';
}

/** orders/status' entry (looked up: docs.kraken.com, "Get Specific Orders' Status"; not measured). */
export function orderStatusEntry(o: FuturesOrder): Record<string, unknown> {
  const trigger = isTriggerOrder(o);
  return {
    order: {
      type: trigger ? 'TRIGGER_ORDER' : 'ORDER',
      orderId: o.orderId,
      cliOrdId: o.cliOrdId ?? null,
      symbol: o.perpetual.id,
      side: o.side,
      quantity: o.size,
      filled: o.filled,
      limitPrice: o.limitPrice ?? null,
      reduceOnly: o.reduceOnly,
      timestamp: iso(o.receivedTime),
      lastUpdateTimestamp: iso(o.lastUpdateTime),
      ...(trigger && {
        priceTriggerOptions: {
          triggerPrice: o.stopPrice,
          triggerSide: triggerSide(o).toUpperCase(),
          triggerSignal: `${o.triggerSignal.toUpperCase()}_PRICE`,
        },
      }),
    },
    status: lifecycleStatus(o),
    updateReason: null,
    error: null,
  };
}
