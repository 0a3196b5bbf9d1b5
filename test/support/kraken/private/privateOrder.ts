import type { EmulatorMarket } from '../markets.js';

export type Side = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop-loss' | 'take-profit' | 'stop-loss-limit' | 'take-profit-limit';
export type OrderStatus = 'open' | 'closed' | 'canceled';

export const ORDER_TYPES: readonly OrderType[] = ['market', 'limit', 'stop-loss', 'take-profit', 'stop-loss-limit', 'take-profit-limit'];

/** What AddOrder asked for, validated. */
export interface OrderRequest {
  readonly market: EmulatorMarket;
  readonly side: Side;
  readonly type: OrderType;
  readonly volume: number;
  /** Limit price (limit) or trigger price (stop-loss, take-profit and their -limit forms). */
  readonly price?: number;
  /** Limit price once a -limit order has triggered. */
  readonly price2?: number;
  /** Margin order when set (2, 3, ...); spot otherwise. */
  readonly leverage?: number;
  readonly reduceOnly: boolean;
  readonly postOnly: boolean;
  readonly clOrdId?: string;
  readonly userref?: number;
}

/** One order of the user, as the emulator books and matches it. */
export interface PrivateOrder extends OrderRequest {
  readonly txid: string;
  /** Emulated time the order was accepted, epoch ms. */
  readonly openTime: number;
  /** Price the order's hold or margin reservation is computed at. */
  readonly holdPrice: number;
  /** Partial-fill fault: at most volume / pieces fills per tape print (1 = no limit). */
  readonly pieces: number;
  status: OrderStatus;
  /** A stop or take-profit whose trigger was crossed (always true for market and limit). */
  triggered: boolean;
  closeTime?: number;
  reason?: string;
  filled: number;
  cost: number;
  fee: number;
  readonly trades: string[];
}

export function isTriggerType(type: OrderType): boolean {
  return type !== 'market' && type !== 'limit';
}

/** The limit an active order rests at; undefined for orders that fill at market. */
export function activeLimit(order: Pick<OrderRequest, 'type' | 'price' | 'price2'>): number | undefined {
  if (order.type === 'limit') return order.price;
  if (order.type === 'stop-loss-limit' || order.type === 'take-profit-limit') return order.price2;
  return undefined;
}

export function remaining(order: PrivateOrder): number {
  return Math.max(0, order.volume - order.filled);
}

/** Kraken's time fields: seconds with four decimals. */
export function krakenTime(ms: number): number {
  return Math.round(ms * 10) / 10_000;
}

const fixed = (value: number, decimals: number): string => value.toFixed(decimals);

/** Decimals of fill and average prices (Kraken prints at least five). */
export function fillPriceDecimals(market: EmulatorMarket): number {
  return Math.max(market.pairDecimals, 5);
}

/**
 * The sentence Kraken answers AddOrder with: ccxt reads the new order's side, amount, type and price
 * from it alone, e.g. "buy 1.25000000 SOLUSD @ limit 142.10 with 3:1 leverage".
 */
export function describeOrder(o: OrderRequest): string {
  const d = o.market.pairDecimals;
  const p = (v: number | undefined) => fixed(v ?? 0, d);
  const how =
    o.type === 'market'
      ? 'market'
      : o.type === 'limit'
        ? `limit ${p(o.price)}`
        : o.type === 'stop-loss'
          ? `stop loss ${p(o.price)}`
          : o.type === 'take-profit'
            ? `take profit ${p(o.price)}`
            : o.type === 'stop-loss-limit'
              ? `stop loss ${p(o.price)} -> limit ${p(o.price2)}`
              : `take profit ${p(o.price)} -> limit ${p(o.price2)}`;
  const leverage = o.leverage === undefined ? '' : ` with ${o.leverage}:1 leverage`;
  return `${o.side} ${fixed(o.volume, o.market.lotDecimals)} ${o.market.altname} @ ${how}${leverage}`;
}

function oflags(o: PrivateOrder): string {
  return o.postOnly ? 'post,fciq' : 'fciq';
}

/** The order as QueryOrders, OpenOrders and ClosedOrders list it. */
export function orderEntry(o: PrivateOrder, withTrades: boolean): Record<string, unknown> {
  const m = o.market;
  const d = m.pairDecimals;
  const stop = isTriggerType(o.type);
  return {
    refid: null,
    userref: o.userref ?? null,
    ...(o.clOrdId !== undefined && { cl_ord_id: o.clOrdId }),
    status: o.status,
    ...(o.reason !== undefined && { reason: o.reason }),
    opentm: krakenTime(o.openTime),
    ...(o.closeTime !== undefined && { closetm: krakenTime(o.closeTime) }),
    starttm: 0,
    expiretm: 0,
    descr: {
      pair: m.altname,
      type: o.side,
      ordertype: o.type,
      price: fixed(o.price ?? 0, d),
      price2: fixed(o.price2 ?? 0, d),
      leverage: o.leverage === undefined ? 'none' : `${o.leverage}:1`,
      order: describeOrder(o),
      close: '',
    },
    vol: fixed(o.volume, m.lotDecimals),
    vol_exec: fixed(o.filled, m.lotDecimals),
    cost: fixed(o.cost, 5),
    fee: fixed(o.fee, 5),
    price: fixed(o.filled > 0 ? o.cost / o.filled : 0, fillPriceDecimals(m)),
    stopprice: fixed(stop ? (o.price ?? 0) : 0, d),
    limitprice: fixed(activeLimit(o) ?? 0, d),
    misc: '',
    oflags: oflags(o),
    ...(o.reduceOnly && { reduce_only: true }),
    ...(withTrades && o.trades.length > 0 && { trades: [...o.trades] }),
  };
}
