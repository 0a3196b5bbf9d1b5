import { z } from 'zod';
import type { Symbol } from '../../domain/bar.js';
import type {
  AddOrderResult,
  AssetBalance,
  ExchangeLedgerEntry,
  ExchangeOrder,
  ExchangeOrderType,
  ExchangePosition,
  ExchangeTrade,
} from '../../execution/live/tradingApi.js';

/*
 * Kraken's private answers as ccxt hands them back from its implicit API (privatePostAddOrder, ...):
 * the parsed JSON envelope, or a bare string when the body was not JSON. ccxt already threw for a
 * non-empty `error`; everything else is checked here. An envelope without the expected result (an HTML
 * page, an empty body, `{"result":{}}` where an order was asked for) is malformed, never "nothing".
 */

/** A payload that is not what Kraken sends; the adapter turns it into a retryable "malformed answer". */
export class MalformedPayload extends Error {}

export const decimal = z
  .union([z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number'), z.number()])
  .transform(Number)
  .pipe(z.number().finite());
export const amount = decimal.pipe(z.number().min(0, 'expected a number >= 0'));
const seconds = z.number().finite().min(0);
export const side = z.enum(['buy', 'sell']);
export const id = z.string().min(1);

function envelope<T extends z.ZodType>(result: T) {
  return z.object({ error: z.array(z.string()).max(0, 'an error the client did not raise'), result });
}

const addOrderResult = z.object({
  descr: z.object({ order: z.string().min(1) }),
  txid: z.array(id).length(1, 'expected exactly one txid'),
});

const ORDER_TYPES = ['market', 'limit', 'stop-loss', 'take-profit', 'stop-loss-limit', 'take-profit-limit'] as const;

const orderEntry = z.object({
  cl_ord_id: z.string().nullish(),
  status: z.enum(['pending', 'open', 'closed', 'canceled', 'expired']),
  reason: z.string().nullish(),
  opentm: seconds,
  closetm: seconds.nullish(),
  descr: z.object({
    pair: z.string().min(1),
    type: side,
    ordertype: z.string().min(1),
    price: amount,
    leverage: z.string().nullish(),
  }),
  vol: amount,
  vol_exec: amount,
  fee: amount,
  price: amount,
  stopprice: amount.nullish(),
  reduce_only: z.boolean().nullish(),
  trades: z.array(id).nullish(),
});

const tradeEntry = z.object({
  ordertxid: id,
  pair: z.string().min(1),
  time: seconds,
  type: side,
  price: amount,
  cost: amount,
  fee: amount,
  vol: amount,
  margin: amount.nullish(),
  leverage: z.string().nullish(),
  misc: z.string().nullish(),
  trade_id: z.number().int().nullish(),
  maker: z.boolean().nullish(),
});

const balanceEntry = z.object({ balance: amount, hold_trade: amount });

const ledgerEntry = z.object({
  refid: id,
  time: seconds,
  type: z.string().min(1),
  asset: z.string().min(1),
  amount: decimal,
  fee: amount,
});

const positionEntry = z.object({
  pair: z.string().min(1),
  type: side,
  vol: amount,
  vol_closed: amount,
  margin: amount,
});

export type SymbolOf = (pair: string) => Symbol | undefined;

function problem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length ? `at ${issue.path.join('.')}: ` : ''}${issue.message}`;
}

/** `raw` checked against `schema`; a body that is not JSON, or does not fit, is a MalformedPayload. */
export function parse<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  if (typeof raw === 'string') throw new MalformedPayload(`a body that is not JSON (${JSON.stringify(raw.slice(0, 60))})`);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new MalformedPayload(problem(parsed.error));
  return parsed.data;
}

const ms = (s: number): number => Math.round(s * 1000);

/** "3:1" or "3" -> 3; "none" or absent -> undefined (spot). */
function leverageOf(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined || text === 'none' || text === '') return undefined;
  const value = Number(text.split(':')[0]);
  if (!(Number.isFinite(value) && value >= 1)) throw new MalformedPayload(`leverage ${JSON.stringify(text)} is not a level`);
  return value;
}

function orderOf(txid: string, e: z.infer<typeof orderEntry>, symbolOf: SymbolOf): ExchangeOrder {
  if (e.vol_exec > e.vol + 1e-9) throw new MalformedPayload(`order ${txid}: executed ${e.vol_exec} of ${e.vol}`);
  const type: ExchangeOrderType = (ORDER_TYPES as readonly string[]).includes(e.descr.ordertype) ? (e.descr.ordertype as ExchangeOrderType) : 'other';
  const symbol = symbolOf(e.descr.pair);
  const leverage = leverageOf(e.descr.leverage);
  return {
    txid,
    ...(e.cl_ord_id && { clientId: e.cl_ord_id }),
    ...(symbol !== undefined && { symbol }),
    pair: e.descr.pair,
    side: e.descr.type,
    type,
    status: e.status,
    volume: e.vol,
    filled: e.vol_exec,
    averagePrice: e.price,
    fee: e.fee,
    price: e.stopprice && e.stopprice > 0 ? e.stopprice : e.descr.price,
    ...(leverage !== undefined && { leverage }),
    reduceOnly: e.reduce_only === true,
    openTime: ms(e.opentm),
    ...(e.closetm && { closeTime: ms(e.closetm) }),
    ...(e.reason && { reason: e.reason }),
    tradeIds: e.trades ?? [],
  };
}

export function parseAddOrder(raw: unknown): AddOrderResult {
  const { result } = parse(envelope(addOrderResult), raw);
  return { txid: result.txid[0] as string, description: result.descr.order };
}

export function parseOpenOrders(raw: unknown, symbolOf: SymbolOf): ExchangeOrder[] {
  const { result } = parse(envelope(z.object({ open: z.record(id, orderEntry) })), raw);
  return Object.entries(result.open).map(([txid, e]) => orderOf(txid, e, symbolOf));
}

export function parseClosedOrders(raw: unknown, symbolOf: SymbolOf): { orders: ExchangeOrder[]; count: number } {
  const { result } = parse(envelope(z.object({ closed: z.record(id, orderEntry), count: z.number().int().min(0) })), raw);
  return { orders: Object.entries(result.closed).map(([txid, e]) => orderOf(txid, e, symbolOf)), count: result.count };
}

/** QueryOrders: every txid asked must be answered. */
export function parseQueryOrders(raw: unknown, txids: readonly string[], symbolOf: SymbolOf): ExchangeOrder[] {
  const { result } = parse(envelope(z.record(id, orderEntry)), raw);
  return txids.map((txid) => {
    const e = result[txid];
    if (!e) throw new MalformedPayload(`order ${txid} was asked for and is missing from the answer`);
    return orderOf(txid, e, symbolOf);
  });
}

export function parseTradesHistory(raw: unknown, symbolOf: SymbolOf): { trades: ExchangeTrade[]; count: number } {
  const { result } = parse(envelope(z.object({ trades: z.record(id, tradeEntry), count: z.number().int().min(0) })), raw);
  const trades = Object.entries(result.trades).map(([tradeId, t]): ExchangeTrade => {
    const symbol = symbolOf(t.pair);
    const leverage = leverageOf(t.leverage);
    if (!(t.vol > 0 && t.price > 0)) throw new MalformedPayload(`trade ${tradeId}: volume ${t.vol} at price ${t.price}`);
    return {
      id: tradeId,
      orderTxid: t.ordertxid,
      ...(symbol !== undefined && { symbol }),
      pair: t.pair,
      side: t.type,
      price: t.price,
      volume: t.vol,
      cost: t.cost,
      fee: t.fee,
      margin: t.margin ?? 0,
      ...(leverage !== undefined && { leverage }),
      closing: (t.misc ?? '').split(',').includes('closing'),
      maker: t.maker === true,
      time: ms(t.time),
      ...(t.trade_id !== null && t.trade_id !== undefined && { sequence: t.trade_id }),
    };
  });
  return { trades, count: result.count };
}

/** BalanceEx, keyed by the exchange's asset ids; an empty balance is not an answer a trading account gives. */
export function parseBalanceEx(raw: unknown): Map<string, AssetBalance> {
  const { result } = parse(envelope(z.record(z.string().min(1), balanceEntry)), raw);
  const out = new Map<string, AssetBalance>();
  for (const [asset, b] of Object.entries(result)) out.set(asset, { total: b.balance, hold: b.hold_trade });
  if (out.size === 0) throw new MalformedPayload('an empty balance');
  return out;
}

export function parseCancelOrder(raw: unknown): number {
  const { result } = parse(envelope(z.object({ count: z.number().int().min(0) })), raw);
  return result.count;
}

/** OpenPositions with consolidation=market: a list, one entry per pair and side (`[]` when flat). */
export function parseOpenPositions(raw: unknown, symbolOf: SymbolOf): ExchangePosition[] {
  const { result } = parse(envelope(z.array(positionEntry)), raw);
  return result.map((p) => {
    const symbol = symbolOf(p.pair);
    return { ...(symbol !== undefined && { symbol }), pair: p.pair, side: p.type, volume: Math.max(0, p.vol - p.vol_closed), margin: p.margin };
  });
}

/** Ledgers: one page, keyed by ledger id; the asset left as Kraken names it ("ZUSD") for the caller to map. */
export function parseLedgers(raw: unknown): { entries: ExchangeLedgerEntry[]; count: number } {
  const { result } = parse(envelope(z.object({ ledger: z.record(id, ledgerEntry), count: z.number().int().min(0) })), raw);
  const entries = Object.entries(result.ledger).map(
    ([ledgerId, e]): ExchangeLedgerEntry => ({
      id: ledgerId,
      refid: e.refid,
      time: ms(e.time),
      type: e.type,
      asset: e.asset,
      amount: e.amount,
      fee: e.fee,
    }),
  );
  return { entries, count: result.count };
}
