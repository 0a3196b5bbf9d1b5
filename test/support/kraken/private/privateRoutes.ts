import { KrakenApiError, type EmulatorRequest, type KrakenEmulator } from '../krakenEmulator.js';
import { tradeEntry, type PrivateTrade } from './account.js';
import { ledgerEntry } from './ledger.js';
import { consolidatedEntries, positionEntry } from './marginPositions.js';
import type { PrivateExchange } from './privateExchange.js';
import { orderEntry, type PrivateOrder } from './privateOrder.js';

/** Kraken pages order and trade histories by 50, newest first. */
const PAGE = 50;

const yes = (v: string | undefined) => v === 'true' || v === '1';

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * A bound of a history query: seconds (Kraken's unit), milliseconds (what ccxt sends as `end`), or the
 * id of an order or trade, standing for its time.
 */
function timeBound(value: string | undefined, what: string, timeOfId: (id: string) => number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    return n > 1e11 ? n : n * 1000;
  }
  const t = timeOfId(value);
  if (t === undefined) throw new KrakenApiError(`EGeneral:Invalid arguments:${what}`);
  return t;
}

function balanceText(emu: KrakenEmulator, asset: string, amount: number): string {
  const decimals = emu.assets.find((a) => a.id === asset)?.decimals ?? 10;
  return amount.toFixed(decimals);
}

function ordersBy(req: EmulatorRequest, orders: PrivateOrder[]): PrivateOrder[] {
  const userref = req.params['userref'];
  const clOrdId = req.params['cl_ord_id'];
  return orders.filter((o) => (userref === undefined || String(o.userref) === userref) && (clOrdId === undefined || o.clOrdId === clOrdId));
}

function keyed<T>(items: readonly T[], key: (item: T) => string, entry: (item: T) => unknown): Record<string, unknown> {
  return Object.fromEntries(items.map((i) => [key(i), entry(i)]));
}

function closedOrders(req: EmulatorRequest, x: PrivateExchange): unknown {
  const timeOfId = (id: string) => x.account.orders.get(id)?.openTime;
  const start = timeBound(req.params['start'], 'start', timeOfId) ?? -Infinity;
  const end = timeBound(req.params['end'], 'end', timeOfId) ?? Infinity;
  const closetime = req.params['closetime'] ?? 'both';
  if (!['open', 'close', 'both'].includes(closetime)) throw new KrakenApiError('EGeneral:Invalid arguments:closetime');
  const inRange = (t: number | undefined) => t !== undefined && t > start && t <= end;
  const closed = ordersBy(req, [...x.account.orders.values()])
    .filter((o) => o.status !== 'open')
    .filter((o) => (closetime === 'open' ? inRange(o.openTime) : closetime === 'close' ? inRange(o.closeTime) : inRange(o.openTime) || inRange(o.closeTime)))
    .sort((a, b) => (b.closeTime ?? 0) - (a.closeTime ?? 0));
  const ofs = Number(req.params['ofs'] ?? 0) || 0;
  const page = closed.slice(ofs, ofs + PAGE);
  req.notes['count'] = closed.length;
  return {
    closed: keyed(
      page,
      (o) => o.txid,
      (o) => orderEntry(o, yes(req.params['trades'])),
    ),
    count: closed.length,
  };
}

const POSITION_TYPES: Readonly<Record<string, (t: PrivateTrade) => boolean>> = {
  all: () => true,
  'any position': (t) => t.position !== undefined,
  'closed position': (t) => t.position?.status === 'closed',
  'closing position': (t) => t.closing,
  'no position': (t) => t.position === undefined,
};

function tradesHistory(req: EmulatorRequest, x: PrivateExchange): unknown {
  const timeOfId = (id: string) => x.account.trades.find((t) => t.id === id)?.time;
  const start = timeBound(req.params['start'], 'start', timeOfId) ?? -Infinity;
  const end = timeBound(req.params['end'], 'end', timeOfId) ?? Infinity;
  const type = POSITION_TYPES[req.params['type'] ?? 'all'];
  if (!type) throw new KrakenApiError('EGeneral:Invalid arguments:type');
  const trades = x.account.trades.filter((t) => t.time > start && t.time <= end && type(t)).reverse();
  const ofs = Number(req.params['ofs'] ?? 0) || 0;
  return { trades: keyed(trades.slice(ofs, ofs + PAGE), (t) => t.id, tradeEntry), count: trades.length };
}

function queryTrades(req: EmulatorRequest, x: PrivateExchange): unknown {
  const ids = list(req.params['txid']);
  if (ids.length === 0 || ids.length > 20) throw new KrakenApiError('EGeneral:Invalid arguments:txid');
  return Object.fromEntries(
    ids.map((id) => {
      const trade = x.account.trades.find((t) => t.id === id);
      if (!trade) throw new KrakenApiError('EGeneral:Invalid arguments:txid');
      return [id, tradeEntry(trade)];
    }),
  );
}

const LEDGER_TYPES = new Set([
  'all',
  'trade',
  'deposit',
  'withdrawal',
  'transfer',
  'margin',
  'adjustment',
  'rollover',
  'credit',
  'settled',
  'staking',
  'sale',
  'dividend',
]);

/** Ledgers: newest first, 50 a page; `asset` a comma list, `type` one type or all, `start`/`end` exclusive/inclusive. */
function ledgers(req: EmulatorRequest, x: PrivateExchange, emu: KrakenEmulator): unknown {
  const timeOfId = (id: string) => x.account.ledger.entries.find((e) => e.id === id)?.time;
  const start = timeBound(req.params['start'], 'start', timeOfId) ?? -Infinity;
  const end = timeBound(req.params['end'], 'end', timeOfId) ?? Infinity;
  const type = req.params['type'] ?? 'all';
  if (!LEDGER_TYPES.has(type)) throw new KrakenApiError('EGeneral:Invalid arguments:type');
  const assets = list(req.params['asset']).filter((a) => a !== 'all');
  const entries = x.account.ledger.entries
    .filter((e) => e.time > start && e.time <= end && (type === 'all' || e.type === type) && (assets.length === 0 || assets.includes(e.asset)))
    .reverse();
  const ofs = Number(req.params['ofs'] ?? 0) || 0;
  const decimals = (asset: string) => emu.assets.find((a) => a.id === asset)?.decimals ?? 10;
  return {
    ledger: keyed(
      entries.slice(ofs, ofs + PAGE),
      (e) => e.id,
      (e) => ledgerEntry(e, decimals),
    ),
    count: entries.length,
  };
}

function openPositions(req: EmulatorRequest, x: PrivateExchange): unknown {
  const mark = (m: Parameters<PrivateExchange['price']>[0]) => x.tape.lastPrice(m, req.now);
  const ids = list(req.params['txid']);
  const open = x.account.positions.openPositions().filter((p) => ids.length === 0 || ids.includes(p.id));
  const calcs = yes(req.params['docalcs']);
  if (req.params['consolidation'] === 'market') return consolidatedEntries(open, mark, calcs);
  return keyed(
    open,
    (p) => p.id,
    (p) => positionEntry(p, mark(p.market), calcs),
  );
}

function tradeBalance(req: EmulatorRequest, x: PrivateExchange): unknown {
  const asset = req.params['asset'] ?? 'ZUSD';
  const unit = x.valueOf(asset, req.now);
  if (!(unit > 0)) throw new KrakenApiError('EQuery:Unknown asset');
  const figures = x.account.tradeBalance(
    (m) => x.tape.lastPrice(m, req.now),
    (a) => x.valueOf(a, req.now),
  );
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, (v / unit).toFixed(4)]));
}

/**
 * The private endpoints ccxt's kraken uses, on top of one PrivateExchange. Every call first lets the
 * exchange match resting orders up to the request's emulated time.
 */
export function registerPrivateRoutes(emu: KrakenEmulator, x: PrivateExchange): void {
  const route = (name: string, handler: (req: EmulatorRequest) => unknown) =>
    emu.route(`private/${name}`, (req) => {
      x.advance(req.now);
      return handler(req);
    });

  route('Balance', () =>
    keyed(
      [...x.account.balances],
      ([a]) => a,
      ([a, v]) => balanceText(emu, a, v),
    ),
  );
  route('BalanceEx', () =>
    keyed(
      [...x.account.balances.keys()],
      (a) => a,
      (a) => ({ balance: balanceText(emu, a, x.account.balance(a)), hold_trade: balanceText(emu, a, x.account.hold(a)) }),
    ),
  );
  route('TradeBalance', (req) => tradeBalance(req, x));
  route('AddOrder', (req) => {
    const result = x.addOrder(req.params, req.now, req.fault?.partialFills);
    if (result.txid) req.notes['txid'] = result.txid[0];
    return result;
  });
  route('CancelOrder', (req) => x.cancel(req.params, req.now));
  route('CancelAll', (req) => {
    const open = x.account.openOrders();
    for (const o of open) x.account.cancel(o, req.now, 'User requested');
    return { count: open.length };
  });
  route('QueryOrders', (req) => {
    const ids = list(req.params['txid']);
    if (ids.length === 0 || ids.length > 50) throw new KrakenApiError('EGeneral:Invalid arguments:txid');
    const orders = ordersBy(req, x.query(ids));
    return keyed(
      orders,
      (o) => o.txid,
      (o) => orderEntry(o, yes(req.params['trades'])),
    );
  });
  route('OpenOrders', (req) => ({
    open: keyed(
      ordersBy(req, x.account.openOrders()),
      (o) => o.txid,
      (o) => orderEntry(o, yes(req.params['trades'])),
    ),
  }));
  route('ClosedOrders', (req) => closedOrders(req, x));
  route('TradesHistory', (req) => tradesHistory(req, x));
  route('QueryTrades', (req) => queryTrades(req, x));
  route('Ledgers', (req) => ledgers(req, x, emu));
  route('OpenPositions', (req) => openPositions(req, x));
}
