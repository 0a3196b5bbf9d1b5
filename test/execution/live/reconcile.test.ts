import { afterEach, describe, expect, test } from 'vitest';
import { exchangeClientId } from '../../../src/execution/live/clientOrderId.js';
import { LiveVenue } from '../../../src/execution/live/liveVenue.js';
import { describeReconciliation, type ReconcileReport } from '../../../src/execution/live/reconcile.js';
import { openLiveVenue, reconcileAtStartup } from '../../../src/execution/live/startupReconciliation.js';
import type { TradingApi } from '../../../src/execution/live/tradingApi.js';
import { liveStoreSide, OrderJournalRepository } from '../../../src/store/orderJournalRepository.js';
import type { Store } from '../../../src/store/store.js';
import type { KrakenEmulator } from '../../support/kraken/index.js';
import { expectBooksBalance } from '../../support/books.js';
import { startAccount } from '../../data/kraken/private/privateFixture.js';
import { startFutures } from '../../data/krakenFutures/private/futuresFixture.js';
import type { KrakenFuturesEmulator } from '../../support/krakenFutures/index.js';
import { futuresBar, futuresLiveSetup, futuresTrading } from './futuresLiveFixture.js';
import { emulatorClock, HOUR, liveSetup, order, persistStep, scriptedBar, T0, tradingApi, type LiveSetup } from './liveFixture.js';

const NOW = T0 + 5.5 * HOUR;

/** A restart: a new client (a new process), the store's books against the exchange; lost orders written off at once unless `graceMs`. */
async function restart(emu: KrakenEmulator, store: Store, epochId: number, graceMs?: number): Promise<ReconcileReport> {
  return restartOn(tradingApi(emu), emu, store, epochId, graceMs);
}

async function restartOn(api: TradingApi, emu: { now(): number }, store: Store, epochId: number, graceMs?: number): Promise<ReconcileReport> {
  const markets = new Map((await api.markets()).map((m) => [m.symbol, m]));
  const epoch = store.trading.epochs().find((e) => e.id === epochId);
  if (!epoch) throw new Error('no epoch');
  const journal = new OrderJournalRepository(store.db, epochId);
  return reconcileAtStartup({
    api,
    store: liveStoreSide(store.trading, journal, epoch),
    markets,
    maintenanceMarginRate: 0.005,
    quote: 'USD',
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    retry: { attempts: 2, baseDelayMs: 5 },
    ...(graceMs !== undefined && { unknownOrderGrace: { now: emu.now(), ms: graceMs } }),
  });
}

function venueOptions(s: LiveSetup, emu: KrakenEmulator) {
  return {
    api: s.api,
    journal: s.journal,
    markets: s.markets,
    maintenanceMarginRate: 0.005,
    barMs: HOUR,
    clock: emulatorClock(emu),
    retry: { attempts: 2, baseDelayMs: 5 },
  };
}

function persistReport(store: Store, epochId: number, r: ReconcileReport, time: number): void {
  store.trading.writeIteration({
    epochId,
    cash: r.state.cash,
    time,
    orders: r.orders,
    fills: r.adopt,
    charges: r.charges,
    openPositions: r.state.positions,
    closedPositions: r.closedPositions,
    decisions: [],
    cursors: new Map(),
    timeframe: '1h',
  });
}

describe('start-up reconciliation against the Kraken emulator', () => {
  let emu: KrakenEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('a restart adopts the fills made while the daemon was down and resolves the order it was sending when it died', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const s = await liveSetup(emu, { stops: 'exchange' });
    const sol = order({ side: 'buy', quantity: 2, leverage: 3, stopDistance: 5, atr: 4 }, NOW);
    const submitted = await s.venue.submit(sol);
    persistStep(s, s.venue, await s.venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5)), [submitted], NOW);
    expect(s.store.trading.openOrders(s.epoch.id).map((o) => o.request.clientOrderId)).toEqual([`${sol.clientOrderId}:xstop@${NOW}`]);

    // The daemon journals an ETH entry, sends it, and dies before it hears the answer.
    const eth = order({ symbol: 'ETH/USD', side: 'sell', quantity: 0.5, leverage: 5 }, NOW + 60_000);
    s.journal.intend(eth, exchangeClientId(eth.clientOrderId), NOW + 60_000);
    await s.api.addOrder({
      symbol: 'ETH/USD',
      side: 'sell',
      type: 'market',
      volume: '0.50000000',
      leverage: 5,
      reduceOnly: false,
      clientId: exchangeClientId(eth.clientOrderId),
    });
    // While it is down, the SYNTHETIC dip at 10:00 fires the SOL stop on the exchange.
    emu.setNow(T0 + 12 * HOUR);

    const report = await restart(emu, s.store, s.epoch.id);
    expect(report.mismatches).toEqual([]);
    expect(report.adopt.map((f) => [f.clientOrderId.replace(/@\d+$/, ''), f.effect, f.symbol, f.quantity])).toEqual([
      [eth.clientOrderId, 'open', 'ETH/USD', 0.5],
      [`${sol.clientOrderId}:xstop`, 'stop', 'SOL/USD', 2],
    ]);
    expect(report.resolve).toMatchObject([{ clientOrderId: eth.clientOrderId, was: 'submitting', now: { status: 'filled', filledQuantity: 0.5 } }]);
    expect(report.closedPositions).toMatchObject([{ position: { id: sol.clientOrderId }, exitReason: 'stop' }]);
    expect(report.state.positions).toMatchObject([{ id: eth.clientOrderId, symbol: 'ETH/USD', side: 'short', quantity: 0.5, leverage: 5 }]);
    const margin = report.state.positions.reduce((a, p) => a + p.margin, 0);
    expect(report.state.cash + margin).toBeCloseTo(emu.exchange.account.balance('ZUSD'), 4);
    expect(describeReconciliation(report)).toMatch(/books agree[\s\S]*adopted fill[\s\S]*resolved order .*submitting -> filled/);

    // Persisted in one write, the books balance, and a second restart has nothing left to adopt.
    persistReport(s.store, s.epoch.id, report, emu.now());
    expectBooksBalance(s.store, s.epoch.id);
    expect(s.store.db.prepare("SELECT COUNT(*) AS n FROM orders WHERE status IN ('submitting', 'unknown')").get()).toEqual({ n: 0 });
    const again = await restart(emu, s.store, s.epoch.id);
    expect(again).toMatchObject({ adopt: [], resolve: [], mismatches: [] });

    // The venue continues from the reconciled books.
    const { venue } = await openLiveVenue({ ...venueOptions(s, emu), store: liveStoreSide(s.store.trading, s.journal, s.epoch), quote: 'USD' });
    expect(venue?.account().positions.map((p) => p.id)).toEqual([eth.clientOrderId]);
    expect(venue?.account().cash).toBeCloseTo(report.state.cash, 9);
  });

  test('a journaled order that never reached the exchange is resolved as rejected, not re-sent', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const s = await liveSetup(emu);
    const lost = order({ side: 'buy', quantity: 1, leverage: 2 }, NOW);
    s.journal.intend(lost, exchangeClientId(lost.clientOrderId), NOW);
    const report = await restart(emu, s.store, s.epoch.id);
    expect(report.mismatches).toEqual([]);
    expect(report.resolve).toMatchObject([
      { clientOrderId: lost.clientOrderId, was: 'submitting', now: { status: 'rejected', rejectReason: expect.stringMatching(/never booked/) } },
    ]);
    expect(emu.requestsTo('private/AddOrder')).toEqual([]);
    persistReport(s.store, s.epoch.id, report, NOW);
    expect(s.journal.unresolved()).toEqual([]);

    // The restarted engine decides the same bar again, with the same id: it gets the order back, nothing is sent.
    const venue = new LiveVenue({
      api: s.api,
      journal: s.journal,
      markets: s.markets,
      maintenanceMarginRate: 0.005,
      barMs: HOUR,
      clock: emulatorClock(emu),
      state: report.state,
    });
    expect(await venue.submit(lost)).toMatchObject({ status: 'rejected', rejectReason: expect.stringMatching(/never booked/) });
    expect(emu.requestsTo('private/AddOrder')).toEqual([]);
  });

  test('an order lost just before the restart stays unknown for its grace: open, not written off, found once the exchange books it', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const s = await liveSetup(emu);
    const late = order({ side: 'buy', quantity: 1, leverage: 2 }, NOW);
    const xid = exchangeClientId(late.clientOrderId);
    s.journal.intend(late, xid, emu.now());
    s.journal.markUnknown(late.clientOrderId, 'answer lost', emu.now());

    const report = await restart(emu, s.store, s.epoch.id, HOUR);
    expect(report).toMatchObject({ mismatches: [], resolve: [], unknown: [late.clientOrderId] });
    expect(report.state.openOrders.map((o) => o.request.clientOrderId)).toEqual([late.clientOrderId]);
    expect(describeReconciliation(report)).toMatch(/order .* the exchange does not show it yet; looked up again at every sync/);
    persistReport(s.store, s.epoch.id, report, emu.now());
    expect(s.journal.unresolved().map((j) => [j.request.clientOrderId, j.status])).toEqual([[late.clientOrderId, 'unknown']]);

    // The exchange books it now; the restarted venue finds it at its first sync and follows it.
    await s.api.addOrder({ symbol: 'SOL/USD', side: 'buy', type: 'market', volume: '1', leverage: 2, reduceOnly: false, clientId: xid });
    const venue = new LiveVenue({ ...venueOptions(s, emu), state: report.state, unknownOrderGraceMs: HOUR });
    const ev = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5));
    expect(ev.fills.map((f) => [f.clientOrderId, f.effect, f.quantity])).toEqual([[late.clientOrderId, 'open', 1]]);
    expect(venue.account().openOrders).toEqual([]);

    // Past its grace, a lost order the exchange does not show is written off as before.
    const gone = order({ side: 'sell', quantity: 1, leverage: 2 }, NOW);
    s.journal.intend(gone, exchangeClientId(gone.clientOrderId), emu.now() - 2 * HOUR);
    expect((await restart(emu, s.store, s.epoch.id, HOUR)).resolve).toMatchObject([
      { clientOrderId: gone.clientOrderId, now: { status: 'rejected', rejectReason: expect.stringMatching(/never booked/) } },
    ]);
  });

  test("a trade of an order written off as never booked is the bot's: a restart adopts it by its cl_ord_id", async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const s = await liveSetup(emu, { unknownOrderGraceMs: 0 });
    // Lost, looked up, not found: written off. Then the exchange books it after all, while the daemon is down.
    emu.fault('private/AddOrder', { takeEffectAfterMs: 600_000, times: 1 });
    const late = order({ side: 'buy', quantity: 1, leverage: 2, stopDistance: 5, atr: 4 }, NOW);
    const written = await s.venue.submit(late);
    expect(written).toMatchObject({ status: 'rejected' });
    persistStep(s, s.venue, await s.venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5)), [written], NOW);
    await emu.takeEffectNow();
    expect(emu.exchange.account.positions.openPositions()).toHaveLength(1);

    const report = await restart(emu, s.store, s.epoch.id);
    expect(report.mismatches).toEqual([]);
    expect(report.adopt.map((f) => [f.clientOrderId, f.effect, f.quantity])).toEqual([[late.clientOrderId, 'open', 1]]);
    expect(report.orders).toMatchObject([{ request: { clientOrderId: late.clientOrderId }, status: 'filled', filledQuantity: 1 }]);
    expect(report.state.positions).toMatchObject([{ id: late.clientOrderId, symbol: 'SOL/USD', side: 'long', quantity: 1 }]);
    persistReport(s.store, s.epoch.id, report, emu.now());
    expectBooksBalance(s.store, s.epoch.id);
    expect(await restart(emu, s.store, s.epoch.id)).toMatchObject({ adopt: [], mismatches: [] });
  });

  test("an order written off that the exchange booked late and holds open is the bot's: a restart follows it", async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const s = await liveSetup(emu, { unknownOrderGraceMs: 0 });
    emu.fault('private/AddOrder', { takeEffectAfterMs: 600_000, times: 1 });
    const resting = order({ side: 'buy', type: 'limit', limitPrice: 80, quantity: 1, leverage: 2 }, NOW);
    const written = await s.venue.submit(resting);
    expect(written).toMatchObject({ status: 'rejected' });
    persistStep(s, s.venue, await s.venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5)), [written], NOW);
    await emu.takeEffectNow();
    expect(emu.exchange.account.openOrders()).toHaveLength(1);

    const report = await restart(emu, s.store, s.epoch.id);
    expect(report.mismatches).toEqual([]);
    const [booked] = emu.exchange.account.openOrders();
    expect(report.orders).toMatchObject([{ request: { clientOrderId: resting.clientOrderId }, status: 'open', venueOrderId: booked?.txid }]);
    expect(report.state.openOrders.map((o) => o.request.clientOrderId)).toEqual([resting.clientOrderId]);
  });

  test('a resting limit that fills while the account is being read is adopted or reported, never missed by a reading that agrees', async () => {
    // An emulated hour per wall second: the exchange goes on trading while the restart reads the account.
    emu = await startAccount({ balances: { ZUSD: 10_000 } }, { speed: 3600 });
    const s = await liveSetup(emu);
    const now = emu.now();
    const buy = order({ side: 'buy', type: 'limit', limitPrice: 95, postOnly: true, quantity: 2, leverage: 1 }, now);
    const submitted = await s.venue.submit(buy);
    expect(submitted.status).toBe('open');
    persistStep(s, s.venue, { fills: [], orders: [], closedPositions: [], charges: [] }, [submitted], now);

    // Down until just before the SYNTHETIC dip to 90 at 10:00; the restart's last read of the account waits
    // two emulated hours on the way, and the dip trades through the resting limit meanwhile.
    emu.setNow(T0 + 9 * HOUR);
    emu.fault('private/Ledgers', { delayMs: 2000, times: 1 });
    const first = await restart(emu, s.store, s.epoch.id);
    expect(emu.exchange.account.trades.map((t) => t.order.clOrdId)).toEqual([exchangeClientId(buy.clientOrderId)]);
    // Either this reading saw the fill (the trades are read last) or it says the balances differ: it never agrees without it.
    const adopted = first.adopt.map((f) => f.clientOrderId);
    expect(adopted.includes(buy.clientOrderId) || first.mismatches.length > 0, describeReconciliation(first)).toBe(true);
    // A second reading, the account still, agrees and books the fill.
    const second = await restart(emu, s.store, s.epoch.id);
    expect(second.mismatches).toEqual([]);
    expect(second.adopt.map((f) => [f.clientOrderId, f.effect, f.liquidity, f.price])).toEqual([[buy.clientOrderId, 'open', 'maker', 95]]);
  });

  test('what the books cannot explain is reported, one sentence each: the daemon must not trade', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const s = await liveSetup(emu, { stops: 'daemon' });
    const sol = order({ side: 'buy', quantity: 2, leverage: 3 }, NOW);
    const submitted = await s.venue.submit(sol);
    persistStep(s, s.venue, await s.venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5)), [submitted], NOW);
    expect((await restart(emu, s.store, s.epoch.id)).mismatches).toEqual([]);

    // Behind the bot's back: 50 USD deposited, a resting order and a filled ETH trade placed by hand.
    emu.exchange.account.balances.set('ZUSD', emu.exchange.account.balance('ZUSD') + 50);
    await s.api.addOrder({ symbol: 'SOL/USD', side: 'sell', type: 'limit', volume: '1', price: '130', leverage: 2, reduceOnly: false, clientId: 'by-hand-1' });
    const report = await restart(emu, s.store, s.epoch.id);
    expect(report.mismatches).toHaveLength(2);
    expect(report.mismatches[0]).toMatch(/^open order O.* \(sell 1 SOL\/USD limit 130, open\) on the exchange is not one of the bot's/);
    expect(report.mismatches[1]).toMatch(/^USD balance on the exchange is [\d.]+, the books explain [\d.]+ .*: 50\.00 USD unexplained/);
    expect(describeReconciliation(report)).toMatch(/found 2 difference\(s\) the books cannot explain; not trading/);

    expect((await openLiveVenue({ ...venueOptions(s, emu), store: liveStoreSide(s.store.trading, s.journal, s.epoch), quote: 'USD' })).venue).toBeUndefined();

    await s.api.addOrder({ symbol: 'ETH/USD', side: 'buy', type: 'market', volume: '0.1', leverage: 2, reduceOnly: false, clientId: 'by-hand-2' });
    const worse = await restart(emu, s.store, s.epoch.id);
    expect(worse.mismatches.some((m) => /trade T.* \(buy 0\.1 ETH\/USD .* belongs to order O.*, which the bot did not place/.test(m))).toBe(true);
    expect(worse.mismatches.some((m) => /^ETH\/USD: the books hold no position, the exchange long 0\.1/.test(m))).toBe(true);
  });
});

describe('start-up reconciliation on Kraken Futures (the futures emulator, the real ccxt krakenfutures client)', () => {
  let emu: KrakenFuturesEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  /** A long SOL perpetual opened at NOW and booked; the exchange then settles funding on it every hour. */
  async function longOpen(usd = 10_000) {
    emu = await startFutures({ usd });
    const s = await futuresLiveSetup(emu);
    const submitted = await s.venue.submit(order({ side: 'buy', quantity: 10, leverage: 5 }, NOW));
    persistStep(s, s.venue, await s.venue.onBar('SOL/USD', futuresBar(5)), [submitted], NOW);
    expect(s.venue.account().positions).toHaveLength(1);
    return { emu, s };
  }

  /** The account is read call by call: the exchange's hour ends (and funding settles) right after it answers the balance. */
  function hourEndsAfterTheBalance(e: KrakenFuturesEmulator, at: number): void {
    const accounts = e.handler('private/accounts');
    if (!accounts) throw new Error('no accounts route');
    e.route('private/accounts', (req, x) => {
      const answer = accounts(req, x);
      x.setNow(at);
      return answer;
    });
  }

  test('funding settled between the balance read and the ledger read is booked and is no difference: the balance is compared as of its serverTime', async () => {
    const { emu: e, s } = await longOpen();
    hourEndsAfterTheBalance(e, T0 + 7 * HOUR + 60_000);
    const report = await restartOn(futuresTrading(e), e, s.store, s.epoch.id);
    const funding = report.charges.filter((c) => c.kind === 'funding');
    // Hours 6 and 7 settled after the balance was read: booked, and left out of what that balance must explain.
    expect(funding.map((c) => c.time)).toEqual([T0 + 6 * HOUR, T0 + 7 * HOUR]);
    expect(report.mismatches).toEqual([]);
    expect(report.balance.exchange).toBeCloseTo(report.balance.explained, 9);
    expect(report.state.cash).toBeCloseTo(s.venue.account().cash - funding.reduce((a, c) => a + c.amount, 0), 9);
  });

  test('a real difference still shows when the exchange went on meanwhile: 1 USD deposited outside the bot', async () => {
    const { emu: e, s } = await longOpen();
    e.exchange.account.balance += 1;
    hourEndsAfterTheBalance(e, T0 + 7 * HOUR + 60_000);
    const report = await restartOn(futuresTrading(e), e, s.store, s.epoch.id);
    expect(report.mismatches).toHaveLength(1);
    expect(report.mismatches[0]).toMatch(/USD balance on the exchange is .*, minus -0\.1\d+ booked after the balance's time\): 1\.00 USD unexplained/);
  });
});
