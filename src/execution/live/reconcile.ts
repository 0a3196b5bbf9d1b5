import type { Symbol } from '../../domain/bar.js';
import type { FinancingCharge } from '../../domain/financing.js';
import type { Fill } from '../../domain/fill.js';
import type { MarketInfo } from '../../domain/market.js';
import type { OrderState } from '../../domain/order.js';
import type { Position } from '../../domain/position.js';
import type { ClosedPosition } from '../../domain/ports.js';
import { copyOrder } from '../orderStates.js';
import { isCoinHolding } from './coinHolding.js';
import { BookProblem, ledgerChargeId, LiveBook, noEvents } from './liveBook.js';
import type { LiveVenueState } from './liveVenue.js';
import type { JournaledOrder, StoreSide } from '../../domain/orderJournal.js';
import type { AssetBalance, ExchangeLedgerEntry, ExchangeOrder, ExchangePosition, ExchangeTrade } from './tradingApi.js';

/** What the exchange says, read at start-up. */
export interface ExchangeSide {
  /** By unified currency code. */
  readonly balances: ReadonlyMap<string, AssetBalance>;
  readonly openOrders: readonly ExchangeOrder[];
  /** Every other order read: journaled ones found by client id, the store's open ones by txid, the orders of new trades. */
  readonly orders: readonly ExchangeOrder[];
  /** The account's fills since the store's last one. */
  readonly trades: readonly ExchangeTrade[];
  readonly positions: readonly ExchangePosition[];
  /** Ledger entries with margin fees since the store's last one. */
  readonly ledger?: readonly ExchangeLedgerEntry[];
}

export interface ReconcileInput {
  readonly store: StoreSide;
  readonly exchange: ExchangeSide;
  readonly markets: ReadonlyMap<Symbol, MarketInfo>;
  readonly maintenanceMarginRate: number;
  /** The currency cash is kept in ("USD"). */
  readonly quote: string;
  /**
   * Quote the account holds apart from the bot: its balance minus (cash + margin) when the epoch began;
   * 0 when the epoch's capital is the whole balance.
   */
  readonly quoteOffset: number;
  /**
   * Coins the account held apart from the bot, by currency: each one's balance must be that plus what the
   * spot positions hold. Only these coins (and those of spot positions) are checked.
   */
  readonly coinOffsets?: ReadonlyMap<string, number>;
  /** Largest balance difference taken as rounding (quote units). */
  readonly tolerance: number;
  /**
   * A journaled order the exchange does not show is written off as never booked only once it has been
   * lost this long (it may still be booked late); until then it stays unresolved and open. Without it,
   * at once.
   */
  readonly unknownOrderGrace?: { readonly now: number; readonly ms: number };
}

export interface Resolution {
  readonly clientOrderId: string;
  /** Its journal status before ('submitting', 'unknown', 'open'). */
  readonly was: string;
  readonly now: OrderState;
}

export interface ReconcileReport {
  /** Fills made while the daemon was down, booked as the engine books them. */
  readonly adopt: readonly Fill[];
  /** Journaled orders and what the exchange says became of them. */
  readonly resolve: readonly Resolution[];
  /** What cannot be explained, one sentence each. Not empty: the daemon must not trade. */
  readonly mismatches: readonly string[];
  /** Journaled orders the exchange does not show yet, within their grace: open, looked up at every sync. */
  readonly unknown: readonly string[];
  /** Order states to persist with the adopted fills. */
  readonly orders: readonly OrderState[];
  readonly closedPositions: readonly ClosedPosition[];
  /** Margin fees the exchange charged while the daemon was down. */
  readonly charges: readonly FinancingCharge[];
  /** The books after adoption: what the live venue starts from. */
  readonly state: LiveVenueState;
  readonly balance: { readonly exchange: number; readonly explained: number };
}

const fmt = (v: number): string => (Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(4));
const iso = (t: number): string => new Date(t).toISOString();

function describeOrder(o: ExchangeOrder): string {
  return `${o.txid} (${o.side} ${o.volume} ${o.symbol ?? o.pair} ${o.type}${o.price > 0 ? ` ${o.price}` : ''}, ${o.status})`;
}

/**
 * Start-up reconciliation, pure: the store's books against the exchange's account. Fills made while the
 * daemon was down are adopted (booked like any fill; they explain balance changes), and so are the margin
 * fees the ledger shows (each once); journaled orders are
 * resolved by what the exchange booked under their client id; anything else that differs (an order or a
 * position the bot does not know, a fill it cannot place, a balance its books do not explain) is a
 * mismatch, and the daemon must refuse to trade until a person has looked.
 */
export function reconcile(input: ReconcileInput): ReconcileReport {
  const { store, exchange } = input;
  const mismatches: string[] = [];
  const ev = noEvents();
  const journalIds = new Set(store.journal.map((j) => j.request.clientOrderId));
  const tracked: OrderState[] = store.openOrders.filter((o) => !journalIds.has(o.request.clientOrderId)).map(copyOrder);
  for (const j of store.journal) {
    tracked.push({
      request: j.request,
      status: 'open',
      filledQuantity: 0,
      updatedAt: j.updatedAt,
      ...(j.venueOrderId !== undefined && { venueOrderId: j.venueOrderId }),
    });
  }
  const book = new LiveBook({
    cash: store.cash,
    positions: store.positions,
    orders: tracked,
    fillIds: store.fillIds,
    markets: input.markets,
    maintenanceMarginRate: input.maintenanceMarginRate,
    ...(store.fills && { fills: store.fills }),
    ...(store.chargeIds && { chargeIds: store.chargeIds }),
  });
  const attempt = (fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof BookProblem)) throw err;
      mismatches.push(err.message);
    }
  };

  const all = new Map<string, ExchangeOrder>();
  for (const o of [...exchange.orders, ...exchange.openOrders]) all.set(o.txid, o);
  const byClientId = new Map<string, ExchangeOrder[]>();
  for (const o of all.values()) if (o.clientId !== undefined) byClientId.set(o.clientId, [...(byClientId.get(o.clientId) ?? []), o]);

  // Journaled orders: what the exchange booked under their client id, if anything.
  const notFound: JournaledOrder[] = [];
  for (const j of store.journal) {
    const id = j.request.clientOrderId;
    if (j.venueOrderId !== undefined) continue;
    const found = byClientId.get(j.exchangeClientId) ?? [];
    if (found.length > 1) mismatches.push(`order ${id} was booked ${found.length} times on the exchange: ${found.map(describeOrder).join('; ')}`);
    const first = found[0];
    if (first) attempt(() => book.setTxid(id, first.txid));
    else notFound.push(j);
  }

  const coins = (p: Position) => isCoinHolding(p, input.markets.get(p.symbol));
  // A spot position's "margin" is what its coins cost: gone from the quote balance, into the coin's.
  const marginNow = () =>
    book
      .positionList()
      .filter((p) => !coins(p))
      .reduce((a, p) => a + p.margin, 0);
  const explainedNow = () => book.cash + marginNow();
  // The account is read call by call and the exchange goes on meanwhile: what it booked after the balance's
  // time (a funding settlement at the hour, a fill) is booked here but is not in that balance yet.
  const held = exchange.balances.get(input.quote);
  let afterBalance = 0;
  const booking = (time: number, fn: () => void): void => {
    if (held?.asOf === undefined || time <= held.asOf) {
      attempt(fn);
      return;
    }
    const before = explainedNow();
    attempt(fn);
    afterBalance += explainedNow() - before;
  };

  // Fills while the daemon was down, oldest first.
  const trades = [...exchange.trades].filter((t) => !book.hasFill(t.id)).sort((a, b) => a.time - b.time || (a.sequence ?? 0) - (b.sequence ?? 0));
  for (const t of trades) {
    if (book.byExchangeTxid(t.orderTxid) === undefined) {
      const order = all.get(t.orderTxid);
      const owner = order?.clientId === undefined ? undefined : book.claim(order.clientId, store.journaled);
      if (owner !== undefined) attempt(() => book.setTxid(owner, t.orderTxid));
    }
    booking(t.time, () => book.book(t, ev));
  }
  // Margin fees charged meanwhile; an entry of a trade that is not the bot's is not its business.
  const ledger = [...(exchange.ledger ?? [])].sort((a, b) => a.time - b.time);
  for (const e of ledger) booking(e.time, () => book.bookFinancing(e, ev));
  // An open order under one of the bot's cl_ord_ids is the bot's, even one written off (booked late).
  for (const o of exchange.openOrders) {
    if (book.byExchangeTxid(o.txid) !== undefined || o.clientId === undefined || book.byExchangeClientId(o.clientId) !== undefined) continue;
    const owner = book.claim(o.clientId, store.journaled);
    if (owner === undefined) continue;
    attempt(() => book.setTxid(owner, o.txid));
    const state = book.order(owner);
    if (state) ev.orders.set(owner, state);
  }

  // The orders the store holds open: their state on the exchange.
  for (const [txid, id] of book.openTxids()) {
    const ex = all.get(txid);
    if (!ex) {
      mismatches.push(`order ${id} (${txid}) is open in the store, but the exchange did not report it`);
      continue;
    }
    attempt(() => book.applyOrder(ex, ev));
    const missing = book.unbooked(ex);
    if (missing && ex.status !== 'open' && ex.status !== 'pending') {
      mismatches.push(`order ${id} (${txid}) executed ${ex.filled} on the exchange, but fills for only ${missing.booked} are in its trade history`);
    }
  }
  const stillUnknown = new Set<string>();
  for (const j of notFound) {
    const id = j.request.clientOrderId;
    const state = book.order(id);
    if (state?.status !== 'open' || book.txidOf(id) !== undefined) continue;
    const grace = input.unknownOrderGrace;
    if (grace && grace.now - j.updatedAt < grace.ms) stillUnknown.add(id);
    else book.setState({ ...state, status: 'rejected', rejectReason: 'the exchange has no order under its client id: it was never booked' }, ev);
  }

  // Open orders on the exchange the bot does not know.
  const knownTxids = book.openTxids();
  for (const o of exchange.openOrders) {
    if (!knownTxids.has(o.txid))
      mismatches.push(
        `open order ${describeOrder(o)} on the exchange is not one of the bot's (cancel it on the exchange, or trade that account without the bot)`,
      );
  }

  const positions = book.positionList();
  comparePositions(
    positions.filter((p) => !coins(p)),
    exchange.positions,
    input.markets,
    mismatches,
  );
  compareCoins(positions.filter(coins), exchange.balances, input, mismatches);

  const margin = marginNow();
  const explained = book.cash + margin + input.quoteOffset - afterBalance;
  if (!held) {
    mismatches.push(`the exchange reports no ${input.quote} balance; the books hold ${fmt(explained)} ${input.quote}`);
  } else if (Math.abs(held.total - explained) > input.tolerance) {
    mismatches.push(
      `${input.quote} balance on the exchange is ${fmt(held.total)}, the books explain ${fmt(explained)} (cash ${fmt(book.cash)} + margin of margin positions ${fmt(margin)}` +
        `${input.quoteOffset !== 0 ? ` + held apart ${fmt(input.quoteOffset)}` : ''}${afterBalance !== 0 ? `, minus ${fmt(afterBalance)} booked after the balance's time` : ''}): ` +
        `${fmt(held.total - explained)} ${input.quote} unexplained (a deposit, a withdrawal, fees or trades outside the bot?)`,
    );
  }

  const resolve: Resolution[] = [];
  for (const j of store.journal) {
    const now = book.order(j.request.clientOrderId);
    if (now && !stillUnknown.has(j.request.clientOrderId)) resolve.push({ clientOrderId: j.request.clientOrderId, was: j.status, now });
  }
  for (const r of resolve) ev.orders.set(r.clientOrderId, copyOrder(r.now));

  const fillIds = new Set(store.fillIds);
  let tradesFrom = store.tradesFrom;
  for (const f of ev.fills) {
    fillIds.add(f.id);
    tradesFrom = Math.max(tradesFrom, f.time);
  }
  const chargeIds = new Set([...(store.chargeIds ?? []), ...ledger.map((e) => ledgerChargeId(e.id))]);
  const ledgerFrom = Math.max(store.ledgerFrom ?? store.tradesFrom, ...ledger.map((e) => e.time));
  return {
    adopt: ev.fills,
    resolve,
    mismatches,
    unknown: [...stillUnknown],
    orders: [...ev.orders.values()],
    closedPositions: ev.closed,
    charges: ev.charges,
    state: {
      cash: book.cash,
      positions,
      openOrders: book.openOrders(),
      fillIds,
      tradesFrom,
      fills: [...(store.fills ?? []), ...ev.fills],
      chargeIds,
      ledgerFrom,
    },
    balance: { exchange: held?.total ?? 0, explained },
  };
}

function comparePositions(books: readonly Position[], exchange: readonly ExchangePosition[], markets: ReadonlyMap<Symbol, MarketInfo>, out: string[]): void {
  const net = new Map<Symbol, number>();
  for (const p of exchange) {
    if (p.symbol === undefined || !markets.has(p.symbol)) {
      out.push(`a ${p.side === 'buy' ? 'long' : 'short'} margin position of ${p.volume} on ${p.symbol ?? p.pair} that the bot does not trade`);
      continue;
    }
    net.set(p.symbol, (net.get(p.symbol) ?? 0) + (p.side === 'buy' ? p.volume : -p.volume));
  }
  const symbols = new Set<Symbol>([...net.keys(), ...books.map((p) => p.symbol)]);
  for (const symbol of symbols) {
    const p = books.find((x) => x.symbol === symbol);
    const mine = p ? (p.side === 'long' ? p.quantity : -p.quantity) : 0;
    const theirs = net.get(symbol) ?? 0;
    const step = 10 ** -(markets.get(symbol)?.amountPrecision ?? 8);
    if (Math.abs(mine - theirs) <= step / 2) continue;
    const say = (v: number) => (v === 0 ? 'no position' : `${v > 0 ? 'long' : 'short'} ${Math.abs(v)}`);
    out.push(`${symbol}: the books hold ${say(mine)}${p ? ` (position ${p.id} since ${iso(p.entryTime)})` : ''}, the exchange ${say(theirs)}`);
  }
}

/**
 * Each coin's balance against what the books explain: the spot positions on it plus what the account
 * held apart from the bot. The bot's buys and sells move a coin by exactly what they trade (their fees
 * are asked in the quote), so a difference beyond the lot's rounding is real.
 */
function compareCoins(spot: readonly Position[], balances: ReadonlyMap<string, AssetBalance>, input: ReconcileInput, out: string[]): void {
  const expected = new Map<string, { held: number; apart: number; step: number }>();
  const stepOf = (coin: string): number => {
    const steps = [...input.markets.values()].filter((m) => m.base === coin).map((m) => 10 ** -m.amountPrecision);
    return steps.length > 0 ? Math.min(...steps) : 1e-8;
  };
  for (const [coin, apart] of input.coinOffsets ?? []) expected.set(coin, { held: 0, apart, step: stepOf(coin) });
  for (const p of spot) {
    const coin = input.markets.get(p.symbol)?.base ?? p.symbol;
    const e = expected.get(coin) ?? { held: 0, apart: 0, step: stepOf(coin) };
    expected.set(coin, { ...e, held: e.held + p.quantity });
  }
  for (const [coin, e] of expected) {
    const balance = balances.get(coin)?.total ?? 0;
    const diff = balance - e.held - e.apart;
    if (Math.abs(diff) <= e.step / 2 + 1e-12 * Math.abs(balance)) continue;
    out.push(
      `${coin} balance on the exchange is ${fmt(balance)}, the books explain ${fmt(e.held + e.apart)} (spot positions ${fmt(e.held)}${e.apart !== 0 ? ` + held apart ${fmt(e.apart)}` : ''}): ` +
        `${fmt(diff)} ${coin} unexplained (a deposit, a withdrawal, a fee taken in ${coin}, or trades outside the bot?)`,
    );
  }
}

/** The report as the daemon prints it when it refuses to start (or logs it when it adopts). */
export function describeReconciliation(r: ReconcileReport): string {
  const lines: string[] = [];
  if (r.mismatches.length > 0) {
    lines.push(`start-up reconciliation found ${r.mismatches.length} difference(s) the books cannot explain; not trading:`);
    for (const m of r.mismatches) lines.push(`  - ${m}`);
  } else {
    lines.push('start-up reconciliation: the books agree with the exchange');
  }
  for (const f of r.adopt) lines.push(`  adopted fill ${f.id}: ${f.effect} ${f.side} ${f.quantity} ${f.symbol} at ${f.price} (${iso(f.time)})`);
  for (const c of r.charges) lines.push(`  adopted ${c.kind.replace('_', ' ')} fee ${c.id}: ${fmt(c.amount)} on ${c.symbol} (${iso(c.time)})`);
  for (const id of r.unknown) lines.push(`  order ${id}: its answer was lost and the exchange does not show it yet; looked up again at every sync`);
  for (const x of r.resolve) {
    lines.push(
      `  resolved order ${x.clientOrderId}: ${x.was} -> ${x.now.status}${x.now.venueOrderId ? ` as ${x.now.venueOrderId}` : ''}${x.now.rejectReason ? ` (${x.now.rejectReason})` : ''}`,
    );
  }
  return lines.join('\n');
}
