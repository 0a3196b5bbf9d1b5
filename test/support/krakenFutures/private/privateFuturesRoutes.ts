import { KrakenFuturesApiError } from '../futuresApiError.js';
import type { FuturesRequest, KrakenFuturesEmulator } from '../krakenFuturesEmulator.js';
import { logRow, type LogEntry } from './accountLog.js';
import { fillEntry } from './futuresAccount.js';
import type { FuturesExchange } from './futuresExchange.js';
import { iso, openOrderEntry, orderStatusEntry } from './futuresOrder.js';
import { unrealizedPnl } from './futuresPositions.js';

/** Kraken Futures answers GET fills with the 100 most recent (looked up: docs.kraken.com "Get your fills"). */
const FILLS_PAGE = 100;
/** The account log's default page (looked up: docs.kraken.com "Get account log", count defaults to 500). */
const LOG_PAGE = 500;

const success = (req: FuturesRequest, body: Record<string, unknown>) => ({ result: 'success', ...body, serverTime: iso(req.now) });

/**
 * The values of an array parameter, sent repeated (`orderIds=a&orderIds=b`, what ccxt's
 * urlencodeWithArrayRepeat writes). The bracket form ccxt's plain urlencode writes for an array
 * (`cliOrdIds[0]=a`) is refused loudly rather than read as "no ids": Kraken documents the parameters as
 * arrays of strings and how it reads brackets is not known here, so a lookup must not silently find nothing.
 */
function arrayParam(req: FuturesRequest, name: string): string[] {
  const query = new URLSearchParams(req.query);
  if ([...query.keys()].some((k) => k.startsWith(`${name}[`))) throw new KrakenFuturesApiError(`invalidArgument: ${name}`);
  return query.getAll(name);
}

function accounts(req: FuturesRequest, x: FuturesExchange): unknown {
  const f = x.account.figures(x.mark(req.now), req.now);
  const fixed = (v: number) => Number(v.toFixed(8));
  const available = Math.max(0, Math.min(f.balance, f.availableMargin));
  return success(req, {
    accounts: {
      cash: { type: 'cashAccount', balances: { usd: 0, xbt: 0, eth: 0 } },
      flex: {
        type: 'multiCollateralMarginAccount',
        currencies: { USD: { quantity: fixed(f.balance), value: fixed(f.balance), collateral: fixed(f.balance), available: fixed(available) } },
        balanceValue: fixed(f.balance),
        portfolioValue: fixed(f.portfolioValue),
        collateralValue: fixed(f.balance),
        initialMargin: fixed(f.initialMargin),
        initialMarginWithOrders: fixed(f.initialMarginWithOrders),
        maintenanceMargin: fixed(f.maintenanceMargin),
        pnl: fixed(f.pnl),
        unrealizedFunding: fixed(f.unrealizedFunding),
        totalUnrealized: fixed(f.pnl + f.unrealizedFunding),
        totalUnrealizedAsMargin: fixed(f.pnl + f.unrealizedFunding),
        availableMargin: fixed(f.availableMargin),
        marginEquity: fixed(f.portfolioValue),
      },
    },
  });
}

function openPositions(req: FuturesRequest, x: FuturesExchange): unknown {
  const mark = x.mark(req.now);
  return success(req, {
    openPositions: x.account.positions.all().map((p) => ({
      side: p.side,
      symbol: p.perpetual.id,
      price: p.price,
      fillTime: iso(p.fillTime),
      size: p.size,
      unrealizedFunding: x.account.fundingDue(p, req.now).reduce((a, d) => a + d.amount, 0),
      unrealizedPnl: unrealizedPnl(p, mark(p.perpetual) ?? p.price),
      pnlCurrency: 'USD',
      ...(p.leverage !== undefined && { maxFixedLeverage: p.leverage }),
    })),
  });
}

/** GET orders/status by orderIds and/or cliOrdIds; orders it no longer reports are left out. */
function ordersStatus(req: FuturesRequest, x: FuturesExchange): unknown {
  const ids = new Set(arrayParam(req, 'orderIds'));
  const cliOrdIds = new Set(arrayParam(req, 'cliOrdIds'));
  const orders = [...x.account.orders.values()].filter(
    (o) => (ids.has(o.orderId) || (o.cliOrdId !== undefined && cliOrdIds.has(o.cliOrdId))) && x.statusVisible(o, req.now),
  );
  req.notes['found'] = orders.length;
  return success(req, { orders: orders.map(orderStatusEntry) });
}

/** GET fills: newest first, the 100 before `lastFillTime` (ISO) when given. */
function fills(req: FuturesRequest, x: FuturesExchange): unknown {
  const before = req.params['lastFillTime'] === undefined ? Infinity : Date.parse(req.params['lastFillTime']);
  if (Number.isNaN(before)) throw new KrakenFuturesApiError('invalidArgument: lastFillTime');
  const list = x.account.fills.filter((f) => f.time < before).reverse();
  return success(req, { fills: list.slice(0, FILLS_PAGE).map(fillEntry) });
}

function leverageGet(req: FuturesRequest, x: FuturesExchange): unknown {
  const only = req.params['symbol']?.toUpperCase();
  const prefs = [...x.account.leverage].filter(([symbol]) => only === undefined || symbol === only);
  return success(req, { leveragePreferences: prefs.map(([symbol, maxLeverage]) => ({ symbol, maxLeverage })) });
}

/**
 * PUT leveragepreferences: `maxLeverage` sets isolated margin at that leverage for the contract (at most
 * 1 / its first initial margin), none returns it to cross margin. An open position is margined anew at once,
 * and the change is refused when the collateral cannot post the difference.
 */
function leveragePut(req: FuturesRequest, x: FuturesExchange): unknown {
  const p = x.perpetual(req.params['symbol'] ?? '');
  if (!p) throw new KrakenFuturesApiError('contractNotFound');
  const text = req.params['maxLeverage'];
  const max = 1 / (p.marginLevels[0]?.initialMargin ?? 1);
  const leverage = text === undefined || text === '' ? undefined : Number(text);
  if (leverage !== undefined && !(leverage >= 1 && leverage <= max)) throw new KrakenFuturesApiError('invalidArgument: maxLeverage');
  const position = x.account.positions.get(p);
  if (position) {
    const margin = leverage === undefined ? 0 : (position.size * position.price) / leverage;
    const extra = margin - position.margin;
    if (extra > x.account.figures(x.mark(req.now), req.now).availableMargin) throw new KrakenFuturesApiError('insufficientAvailableFunds');
    position.margin = margin;
    if (leverage === undefined) delete position.leverage;
    else position.leverage = leverage;
  }
  if (leverage === undefined) x.account.leverage.delete(p.id);
  else x.account.leverage.set(p.id, leverage);
  return success(req, {});
}

/**
 * GET /api/history/v3/account-log: rows by time (`since`, `before`, ms) and id (`from`, `to`, inclusive),
 * newest first unless `sort=asc`, at most `count`, optionally only one `info` kind.
 */
function accountLog(req: FuturesRequest, x: FuturesExchange): unknown {
  const num = (key: string, fallback: number): number => {
    const text = req.params[key];
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value)) throw new KrakenFuturesApiError(`invalidArgument: ${key}`);
    return value;
  };
  const since = num('since', -Infinity);
  const before = num('before', Infinity);
  const from = num('from', -Infinity);
  const to = num('to', Infinity);
  const info = req.params['info'];
  const sort = req.params['sort'] ?? 'desc';
  if (sort !== 'asc' && sort !== 'desc') throw new KrakenFuturesApiError('invalidArgument: sort');
  const rows = x.account.log.entries.filter(
    (e: LogEntry) => e.date >= since && e.date < before && e.id >= from && e.id <= to && (info === undefined || e.info === info),
  );
  if (sort === 'desc') rows.reverse();
  return { accountUid: 'emulated-account', logs: rows.slice(0, num('count', LOG_PAGE)).map(logRow) };
}

/**
 * The private endpoints ccxt's krakenfutures calls, on top of one FuturesExchange. Every call first lets the
 * exchange match, settle funding and liquidate up to the request's emulated time.
 */
export function registerPrivateFuturesRoutes(emu: KrakenFuturesEmulator, x: FuturesExchange): void {
  const route = (name: string, handler: (req: FuturesRequest) => unknown) =>
    emu.route(name, (req) => {
      x.advance(req.now);
      return handler(req);
    });
  route('private/accounts', (req) => accounts(req, x));
  route('private/openpositions', (req) => openPositions(req, x));
  route('private/openorders', (req) => success(req, { openOrders: x.account.openOrders().map(openOrderEntry) }));
  route('private/orders/status', (req) => ordersStatus(req, x));
  route('private/fills', (req) => fills(req, x));
  route('private/sendorder', (req) => {
    const sendStatus = x.sendOrder(req.params, req.now, req.fault?.partialFills);
    if (sendStatus.order_id) req.notes['orderId'] = sendStatus.order_id;
    req.notes['status'] = sendStatus.status;
    return success(req, { sendStatus });
  });
  route('private/cancelorder', (req) => success(req, { cancelStatus: x.cancel(req.params, req.now) }));
  route('private/editorder', (req) => success(req, { editStatus: x.edit(req.params, req.now) }));
  route('private/cancelallorders', (req) => {
    const only = req.params['symbol']?.toUpperCase();
    const open = x.account.openOrders().filter((o) => only === undefined || o.perpetual.id === only);
    for (const o of open) x.account.cancel(o, req.now, 'cancelledByUser');
    return success(req, {
      cancelStatus: { receivedTime: iso(req.now), cancelOnly: only ?? 'all', status: 'cancelled', cancelledOrders: open.map((o) => ({ order_id: o.orderId })) },
    });
  });
  route('private/leveragepreferences', (req) => (req.method === 'PUT' ? leveragePut(req, x) : leverageGet(req, x)));
  route('history/account-log', (req) => accountLog(req, x));
}
