import type { Symbol } from '../../domain/bar.js';
import type { MarketInfo } from '../../domain/market.js';
import { errorPolicy } from '../../internal/errors.js';
import { DEFAULT_UNKNOWN_ORDER_GRACE_MS, LiveVenue, type LiveVenueOptions } from './liveVenue.js';
import { findByClientId } from './orderLookup.js';
import type { StoreSide } from '../../domain/orderJournal.js';
import { reconcile, type ExchangeSide, type ReconcileReport } from './reconcile.js';
import { withRetry, type RetrySettings } from './retry.js';
import type { ExchangeOrder, TradingApi } from './tradingApi.js';

export interface StartupReconciliationOptions {
  readonly api: TradingApi;
  readonly store: StoreSide;
  readonly markets: ReadonlyMap<Symbol, MarketInfo>;
  readonly maintenanceMarginRate: number;
  /** Cash currency, e.g. "USD". */
  readonly quote: string;
  /** See ReconcileInput.quoteOffset; 0 when the epoch's capital is the whole quote balance. */
  readonly quoteOffset?: number;
  /** See ReconcileInput.coinOffsets. */
  readonly coinOffsets?: ReadonlyMap<string, number>;
  /** Default 0.01 quote units plus 1e-6 of the balance. */
  readonly tolerance?: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly retry?: RetrySettings;
  /** See ReconcileInput.unknownOrderGrace. */
  readonly unknownOrderGrace?: { readonly now: number; readonly ms: number };
}

/**
 * Read what reconciliation compares: balances, open orders and positions, the journal's orders by client
 * id, fills since the last one booked, margin fees in the ledger since the last one booked.
 */
export async function readExchangeSide(api: TradingApi, store: StoreSide, read: <T>(call: () => Promise<T>) => Promise<T>): Promise<ExchangeSide> {
  const balances = await read(() => api.balances());
  const openOrders = await read(() => api.openOrders());
  const positions = await read(() => api.openPositions());
  const orders = new Map<string, ExchangeOrder>();
  const openTxids = new Set(openOrders.map((o) => o.txid));

  for (const j of store.journal) {
    if (j.venueOrderId !== undefined) continue;
    const found = await read(() => findByClientId(api, j.exchangeClientId));
    if (found) orders.set(found.txid, found);
  }
  const storeTxids = [...store.openOrders.map((o) => o.venueOrderId), ...store.journal.map((j) => j.venueOrderId)].filter(
    (tx): tx is string => tx !== undefined && tx !== '' && !openTxids.has(tx) && !orders.has(tx),
  );
  // An order the exchange no longer knows fails the whole query: ask one by one then, to name it.
  for (const o of await queryEach(api, [...new Set(storeTxids)], read)) orders.set(o.txid, o);

  // The ledger before the trades: every trade a ledger entry names is then among the trades read, and a fill
  // made while the account is read shows in the trades (read last) but not in the balances read first, a
  // difference that a second reading resolves, instead of a fill that no reading saw.
  const ledger = await read(() => api.ledger({ sinceMs: (store.ledgerFrom ?? store.tradesFrom) - 1000, types: api.financingTypes }));
  const trades = (await read(() => api.tradesSince(store.tradesFrom - 1000))).filter((t) => !store.fillIds.has(t.id));
  const strangers = [...new Set(trades.filter((t) => !t.liquidation).map((t) => t.orderTxid))].filter(
    (tx) => !openTxids.has(tx) && !orders.has(tx) && !storeTxids.includes(tx),
  );
  for (const o of await queryEach(api, strangers, read)) orders.set(o.txid, o);
  return { balances, openOrders, orders: [...orders.values()], trades, positions, ledger };
}

async function queryEach(api: TradingApi, txids: readonly string[], read: <T>(call: () => Promise<T>) => Promise<T>): Promise<ExchangeOrder[]> {
  if (txids.length === 0) return [];
  try {
    return await read(() => api.queryOrders(txids));
  } catch (err) {
    // Only "no such order" is an answer; trouble reaching the exchange fails the reconciliation.
    if (errorPolicy(err) !== 'skip') throw err;
    if (txids.length === 1) return [];
    const out: ExchangeOrder[] = [];
    for (const tx of txids) out.push(...(await queryEach(api, [tx], read)));
    if (out.length === txids.length) throw err;
    return out;
  }
}

/**
 * Gather both sides and reconcile them. The daemon calls this before its first order: with mismatches it
 * must refuse to trade (describeReconciliation says why); without, it persists the adopted fills and
 * resolved orders (one transaction) and starts the live venue from `report.state`.
 */
export async function reconcileAtStartup(o: StartupReconciliationOptions): Promise<ReconcileReport> {
  const settings = o.retry ?? { attempts: 3, baseDelayMs: 500 };
  const read = <T>(call: () => Promise<T>) => withRetry(call, settings, o.sleep);
  const exchange = await readExchangeSide(o.api, o.store, read);
  const held = exchange.balances.get(o.quote)?.total ?? 0;
  return reconcile({
    store: o.store,
    exchange,
    markets: o.markets,
    maintenanceMarginRate: o.maintenanceMarginRate,
    quote: o.quote,
    quoteOffset: o.quoteOffset ?? 0,
    ...(o.coinOffsets && { coinOffsets: o.coinOffsets }),
    tolerance: o.tolerance ?? 0.01 + 1e-6 * Math.abs(held),
    ...(o.unknownOrderGrace && { unknownOrderGrace: o.unknownOrderGrace }),
  });
}

export type OpenLiveVenueOptions = Omit<LiveVenueOptions, 'state'> & Omit<StartupReconciliationOptions, 'markets' | 'sleep' | 'retry' | 'unknownOrderGrace'>;

/**
 * Start-up in one call: reconcile, and only when nothing is left unexplained, the live venue on the
 * reconciled books. Without a venue the daemon must not trade (describeReconciliation(report) says why).
 * The caller persists report.adopt / report.orders / report.closedPositions with report.state before
 * the first step, in one transaction.
 */
export async function openLiveVenue(o: OpenLiveVenueOptions): Promise<{ readonly report: ReconcileReport; readonly venue?: LiveVenue }> {
  const report = await reconcileAtStartup({
    api: o.api,
    store: o.store,
    markets: o.markets,
    maintenanceMarginRate: o.maintenanceMarginRate,
    quote: o.quote,
    sleep: (ms) => o.clock.sleep(ms),
    ...(o.quoteOffset !== undefined && { quoteOffset: o.quoteOffset }),
    ...(o.coinOffsets !== undefined && { coinOffsets: o.coinOffsets }),
    ...(o.tolerance !== undefined && { tolerance: o.tolerance }),
    ...(o.retry !== undefined && { retry: o.retry }),
    unknownOrderGrace: { now: o.clock.now(), ms: o.unknownOrderGraceMs ?? DEFAULT_UNKNOWN_ORDER_GRACE_MS },
  });
  if (report.mismatches.length > 0) return { report };
  const { store: _store, quote: _quote, quoteOffset: _offset, coinOffsets: _coins, tolerance: _tolerance, ...venueOptions } = o;
  return { report, venue: new LiveVenue({ ...venueOptions, state: report.state }) };
}
