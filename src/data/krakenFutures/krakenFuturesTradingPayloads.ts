import { z } from 'zod';
import type { AssetBalance, ExchangeOrder, ExchangeOrderStatus, ExchangeOrderType, ExchangePosition } from '../../execution/live/tradingApi.js';
import { amount, decimal, id, MalformedPayload, parse, side, type SymbolOf } from '../kraken/krakenTradingPayloads.js';

/*
 * Kraken Futures' private answers as ccxt's implicit API hands them back (privatePostSendorder, ...). ccxt
 * raised already for `{"result":"error"}`; the rest is checked here. Shapes from ccxt's krakenfutures class
 * (its comments carry example payloads) and Kraken's futures API reference (looked up, not measured:
 * docs.kraken.com/api-reference "Send order", "Get open orders", "Get specific orders' status", "Get your
 * fills", "Get open positions", "Get wallets", "Get account log").
 */

const time = z.iso.datetime({ offset: true }).transform((t) => Date.parse(t));
const success = z.literal('success');
const optionalPrice = decimal.pipe(z.number().min(0)).nullish();

/** The order statuses sendorder answers with; anything but `placed` means nothing was booked. */
const SEND_STATUS = z.string().min(1);

const sendOrder = z.object({
  result: success,
  sendStatus: z.object({ status: SEND_STATUS, order_id: id.nullish(), receivedTime: z.string().nullish() }),
});

/** sendorder: `placed` and the order's id, or the refusal Kraken gave instead (insufficientAvailableFunds, postWouldExecute, ...). */
export function parseSendOrder(raw: unknown): { readonly placed: string } | { readonly refused: string } {
  const { sendStatus } = parse(sendOrder, raw);
  if (sendStatus.status !== 'placed') return { refused: sendStatus.status };
  if (!sendStatus.order_id) throw new MalformedPayload('an order placed without an order_id');
  return { placed: sendStatus.order_id };
}

const cancelOrder = z.object({ result: success, cancelStatus: z.object({ status: z.string().min(1) }) });

/** cancelorder: `cancelled`, or why not (`filled`, `notFound`: the order is gone already). */
export function parseCancelOrder(raw: unknown): string {
  return parse(cancelOrder, raw).cancelStatus.status;
}

const openOrder = z.object({
  order_id: id,
  cliOrdId: z.string().nullish(),
  symbol: z.string().min(1),
  side,
  orderType: z.string().min(1),
  limitPrice: optionalPrice,
  stopPrice: optionalPrice,
  unfilledSize: amount,
  filledSize: amount.nullish(),
  receivedTime: time,
  lastUpdateTime: time.nullish(),
  reduceOnly: z.boolean().nullish(),
});

/** Kraken Futures' order types as the live venue names them. */
function typeOf(orderType: string): ExchangeOrderType {
  const t = orderType.toLowerCase();
  if (t === 'lmt' || t === 'post' || t === 'limit') return 'limit';
  if (t === 'mkt' || t === 'ioc' || t === 'market') return 'market';
  if (t === 'stp' || t === 'stop') return 'stop-loss';
  if (t === 'take_profit') return 'take-profit';
  return 'other';
}

export function parseOpenOrders(raw: unknown, symbolOf: SymbolOf): ExchangeOrder[] {
  const { openOrders } = parse(z.object({ result: success, openOrders: z.array(openOrder) }), raw);
  return openOrders.map((o) => {
    const filled = o.filledSize ?? 0;
    const symbol = symbolOf(o.symbol);
    return {
      txid: o.order_id,
      ...(o.cliOrdId && { clientId: o.cliOrdId }),
      ...(symbol !== undefined && { symbol }),
      pair: o.symbol,
      side: o.side,
      type: typeOf(o.orderType),
      status: 'open',
      volume: filled + o.unfilledSize,
      filled,
      averagePrice: 0,
      fee: 0,
      price: o.stopPrice ?? o.limitPrice ?? 0,
      reduceOnly: o.reduceOnly === true,
      openTime: o.receivedTime,
      tradeIds: [],
    };
  });
}

/** orders/status' lifecycle states (looked up: Kraken's "Get specific orders' status"). */
const STATUS: Readonly<Record<string, ExchangeOrderStatus>> = {
  ENTERED_BOOK: 'open',
  UNTOUCHED: 'open',
  PARTIALLY_FILLED: 'open',
  TRIGGER_PLACED: 'open',
  TRIGGER_ACTIVATED: 'open',
  FULLY_EXECUTED: 'closed',
  CANCELLED: 'canceled',
  REJECTED: 'canceled',
  TRIGGER_CANCELLED: 'canceled',
};

const statusEntry = z.object({
  order: z.object({
    type: z.string().min(1),
    orderId: id,
    cliOrdId: z.string().nullish(),
    symbol: z.string().min(1),
    side,
    quantity: amount,
    filled: amount,
    limitPrice: optionalPrice,
    reduceOnly: z.boolean().nullish(),
    timestamp: time,
    lastUpdateTimestamp: time.nullish(),
    priceTriggerOptions: z.object({ triggerPrice: decimal }).nullish(),
  }),
  status: z.string().min(1),
  updateReason: z.string().nullish(),
});

/**
 * orders/status: the orders asked for that are open, or ended in the last seconds (Kraken keeps an ended
 * order there about 5 s); an order it does not list is not an error here, the caller looks further.
 */
export function parseOrderStatus(raw: unknown, symbolOf: SymbolOf): ExchangeOrder[] {
  const { orders } = parse(z.object({ result: success, orders: z.array(statusEntry) }), raw);
  return orders.map(({ order: o, status: lifecycle, updateReason }) => {
    const status = STATUS[lifecycle];
    if (status === undefined) throw new MalformedPayload(`order ${o.orderId}: unknown status ${JSON.stringify(lifecycle)}`);
    if (o.filled > o.quantity + 1e-9) throw new MalformedPayload(`order ${o.orderId}: filled ${o.filled} of ${o.quantity}`);
    const symbol = symbolOf(o.symbol);
    const trigger = o.priceTriggerOptions?.triggerPrice;
    return {
      txid: o.orderId,
      ...(o.cliOrdId && { clientId: o.cliOrdId }),
      ...(symbol !== undefined && { symbol }),
      pair: o.symbol,
      side: o.side,
      type: trigger !== undefined ? 'stop-loss' : typeOf(o.type === 'ORDER' ? 'lmt' : o.type),
      status,
      volume: o.quantity,
      filled: o.filled,
      averagePrice: 0,
      fee: 0,
      price: trigger ?? o.limitPrice ?? 0,
      reduceOnly: o.reduceOnly === true,
      openTime: o.timestamp,
      ...(status !== 'open' && { closeTime: o.lastUpdateTimestamp ?? o.timestamp }),
      ...(updateReason && status === 'canceled' && { reason: updateReason }),
      tradeIds: [],
    };
  });
}

const fill = z.object({
  fill_id: id,
  order_id: id,
  cliOrdId: z.string().nullish(),
  symbol: z.string().min(1),
  side,
  size: decimal.pipe(z.number().positive()),
  price: decimal.pipe(z.number().positive()),
  fillTime: time,
  fillType: z.string().min(1),
});

export type FuturesFill = z.infer<typeof fill>;

/** fills: up to 100, newest first (before `lastFillTime` when asked so). */
export function parseFills(raw: unknown): FuturesFill[] {
  return parse(z.object({ result: success, fills: z.array(fill) }), raw).fills;
}

const position = z.object({
  side: z.enum(['long', 'short']),
  symbol: z.string().min(1),
  price: decimal,
  size: amount,
  fillTime: time.nullish(),
  maxFixedLeverage: decimal.nullish(),
});

/** openpositions: a list, `[]` when flat; an answer without the list is not "flat", it is malformed. */
export function parseOpenPositions(raw: unknown, symbolOf: SymbolOf): ExchangePosition[] {
  const { openPositions } = parse(z.object({ result: success, openPositions: z.array(position) }), raw);
  return openPositions.map((p) => {
    const symbol = symbolOf(p.symbol);
    return { ...(symbol !== undefined && { symbol }), pair: p.symbol, side: p.side === 'long' ? 'buy' : 'sell', volume: p.size, margin: 0 };
  });
}

const flexCurrency = z.object({ quantity: decimal, available: decimal.nullish() });

/**
 * accounts: the multi-collateral (flex) account's currencies, by upper-case code. Kraken settles a PF_
 * contract's fees, realised P&L and funding in USD there; margin is a requirement on it, not a deduction.
 */
export function parseFlexBalances(raw: unknown): Map<string, AssetBalance> {
  const { accounts, serverTime } = parse(
    z.object({ result: success, accounts: z.object({ flex: z.object({ currencies: z.record(z.string(), flexCurrency) }) }), serverTime: time.optional() }),
    raw,
  );
  const out = new Map<string, AssetBalance>();
  for (const [code, c] of Object.entries(accounts.flex.currencies)) {
    out.set(code.toUpperCase(), {
      total: c.quantity,
      hold: Math.max(0, c.quantity - (c.available ?? c.quantity)),
      ...(serverTime !== undefined && { asOf: serverTime }),
    });
  }
  return out;
}

const logEntry = z.object({
  id: z.union([z.number().int(), id]).transform(String),
  date: time,
  asset: z.string().min(1),
  contract: z.string().nullish(),
  info: z.string().min(1),
  fee: decimal.nullish(),
  realized_funding: decimal.nullish(),
  realized_pnl: decimal.nullish(),
  execution: z.string().nullish(),
  booking_uid: z.string().nullish(),
});

export type AccountLogEntry = z.infer<typeof logEntry>;

/** history's account-log: one page of entries. */
export function parseAccountLog(raw: unknown): AccountLogEntry[] {
  return parse(z.object({ logs: z.array(logEntry) }), raw).logs;
}

const preference = z.object({ symbol: z.string().min(1), maxLeverage: decimal.pipe(z.number().positive()) });

/** leveragepreferences: the isolated-margin leverage set per contract (a contract not listed trades cross). */
export function parseLeveragePreferences(raw: unknown): Map<string, number> {
  const { leveragePreferences } = parse(z.object({ result: success, leveragePreferences: z.array(preference).nullish() }), raw);
  return new Map((leveragePreferences ?? []).map((p) => [p.symbol.toUpperCase(), p.maxLeverage]));
}

export function parseSuccess(raw: unknown): void {
  parse(z.object({ result: success }), raw);
}
