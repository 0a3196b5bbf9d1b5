import { afterEach, describe, expect, test } from 'vitest';
import { exchangeClientId } from '../../../src/execution/live/clientOrderId.js';
import { FatalError } from '../../../src/internal/errors.js';
import { MALFORMED_BODIES, type Fault, type KrakenEmulator } from '../../support/kraken/index.js';
import { startAccount } from '../../data/kraken/private/privateFixture.js';
import { HOUR, liveSetup, order, scriptedBar, T0 } from './liveFixture.js';

const NOW = T0 + 5.5 * HOUR;

/** The orders the emulated exchange really booked: the truth behind every lost answer. */
function booked(emu: KrakenEmulator): { clOrdId: string | undefined; status: string; filled: number }[] {
  return [...emu.exchange.account.orders.values()].map((o) => ({ clOrdId: o.clOrdId, status: o.status, filled: o.filled }));
}

describe('lost AddOrder answers: looked up by client order id, never sent twice', () => {
  let emu: KrakenEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('a limit accepted then answered too late: the venue finds it open, and one order exists', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue, store } = await liveSetup(emu, {}, 300);
    emu.fault('private/AddOrder', { afterHandling: true, delayMs: 1500, times: 1 });
    const entry = order({ side: 'buy', type: 'limit', limitPrice: 95, quantity: 2, leverage: 2 }, NOW);
    const state = await venue.submit(entry);
    const xid = exchangeClientId(entry.clientOrderId);
    expect(state).toMatchObject({ status: 'open', venueOrderId: [...emu.exchange.account.orders.keys()][0] });
    expect(booked(emu)).toEqual([{ clOrdId: xid, status: 'open', filled: 0 }]);
    expect(emu.requestsTo('private/AddOrder')).toHaveLength(1);
    expect(emu.requestsTo('private/OpenOrders').at(-1)?.params['cl_ord_id']).toBe(xid);
    expect(store.db.prepare('SELECT status, venue_order_id AS v FROM orders').all()).toEqual([{ status: 'open', v: state.venueOrderId }]);
    // The engine asking again gets the same order back, not a second one.
    expect(await venue.submit(entry)).toEqual(state);
    expect(emu.requestsTo('private/AddOrder')).toHaveLength(1);
  });

  test('a market order accepted then timed out: found among closed orders; its fill is booked once', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue } = await liveSetup(emu, {}, 300);
    emu.fault('private/AddOrder', { afterHandling: true, delayMs: 1500, times: 1 });
    const state = await venue.submit(order({ side: 'buy', quantity: 2, leverage: 3 }, NOW));
    expect(state.status).toBe('open');
    expect(emu.requestsTo('private/ClosedOrders').length).toBeGreaterThan(0);
    const ev = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5));
    expect(ev.fills.map((f) => [f.quantity, f.effect])).toEqual([[2, 'open']]);
    expect(venue.account().positions.map((p) => p.quantity)).toEqual([2]);
    expect(booked(emu)).toHaveLength(1);
    expect(emu.exchange.account.positions.openPositions().map((p) => p.vol)).toEqual([2]);
  });

  test('an AddOrder booked and then its connection dropped: found, one order', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue } = await liveSetup(emu);
    emu.fault('private/AddOrder', { afterHandling: true, destroy: true, times: 1 });
    const entry = order({ side: 'sell', type: 'limit', limitPrice: 120, quantity: 1, leverage: 2 }, NOW);
    const state = await venue.submit(entry);
    expect(state).toMatchObject({ status: 'open', venueOrderId: expect.stringMatching(/^O/) });
    expect(booked(emu)).toEqual([{ clOrdId: exchangeClientId(entry.clientOrderId), status: 'open', filled: 0 }]);
    expect(emu.requestsTo('private/AddOrder')).toHaveLength(1);
  });

  const unbooked: [string, Fault][] = [
    ['HTTP 503', { status: 503 }],
    ['HTTP 429', { status: 429 }],
    ['EService:Busy', { error: 'EService:Busy' }],
    ['a request that timed out before the exchange took it', { delayMs: 1500 }],
    ...MALFORMED_BODIES.map((body): [string, Fault] => [`a malformed 200 ${JSON.stringify(body.slice(0, 20))}`, { body }]),
  ];
  test.each(unbooked)('%s: looked up, not on the exchange, and without a grace rejected; nothing assumed, nothing re-sent', async (_name, fault) => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue, store } = await liveSetup(emu, { unknownOrderGraceMs: 0 }, 300);
    emu.fault('private/AddOrder', { ...fault, times: 1 });
    const entry = order({ side: 'buy', quantity: 1, leverage: 2 }, NOW);
    const state = await venue.submit(entry);
    expect(state.status).toBe('rejected');
    expect(state.rejectReason).toMatch(/never booked/);
    expect(booked(emu)).toEqual([]);
    expect(emu.requestsTo('private/AddOrder')).toHaveLength(1);
    expect(emu.requestsTo('private/OpenOrders').length + emu.requestsTo('private/ClosedOrders').length).toBeGreaterThanOrEqual(2);
    expect(store.db.prepare('SELECT status FROM orders').all()).toEqual([{ status: 'rejected' }]);
  });

  test('an order the exchange books late: unknown and open for the engine until a sync finds it, then followed; one order', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue, store } = await liveSetup(emu, { unknownOrderGraceMs: HOUR });
    // The connection is dropped unanswered; the exchange books the order only when the test says.
    emu.fault('private/AddOrder', { takeEffectAfterMs: 600_000, times: 1 });
    const entry = order({ side: 'buy', quantity: 2, leverage: 2 }, NOW);
    const state = await venue.submit(entry);
    expect(state).toMatchObject({ status: 'open' });
    expect(state.venueOrderId).toBeUndefined();
    expect(store.db.prepare('SELECT status FROM orders').get()).toEqual({ status: 'unknown' });
    // Pending for the engine: it sends nothing else on SOL/USD meanwhile.
    expect(venue.account().openOrders.map((o) => o.request.clientOrderId)).toEqual([entry.clientOrderId]);

    // Still not on the exchange at the next sync, nor half an hour later: still unknown, looked up again.
    const lookups = emu.requestsTo('private/OpenOrders').length;
    expect((await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5))).orders).toEqual([]);
    emu.setNow(NOW + HOUR / 2);
    expect((await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5))).orders).toEqual([]);
    expect(emu.requestsTo('private/OpenOrders').length).toBeGreaterThan(lookups + 1);
    expect(venue.account().openOrders.map((o) => o.request.clientOrderId)).toEqual([entry.clientOrderId]);

    await emu.takeEffectNow();
    const ev = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 6));
    expect(ev.fills.map((f) => [f.clientOrderId, f.quantity, f.effect])).toEqual([[entry.clientOrderId, 2, 'open']]);
    expect(ev.orders.at(-1)).toMatchObject({ status: 'filled', venueOrderId: [...emu.exchange.account.orders.keys()][0] });
    expect(venue.account().positions.map((p) => [p.id, p.quantity])).toEqual([[entry.clientOrderId, 2]]);
    expect(booked(emu)).toEqual([{ clOrdId: exchangeClientId(entry.clientOrderId), status: 'closed', filled: 2 }]);
    expect(emu.requestsTo('private/AddOrder')).toHaveLength(1);
  });

  test('an order the exchange still does not show once the grace has passed is written off as never booked', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue } = await liveSetup(emu, { unknownOrderGraceMs: HOUR });
    emu.fault('private/AddOrder', { status: 503, times: 1 });
    const entry = order({ side: 'buy', quantity: 1, leverage: 2 }, NOW);
    expect((await venue.submit(entry)).status).toBe('open');
    emu.setNow(NOW + HOUR - 60_000);
    expect((await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5))).orders).toEqual([]);
    emu.setNow(NOW + HOUR + 60_000);
    const ev = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 6));
    expect(ev.orders).toMatchObject([
      { request: { clientOrderId: entry.clientOrderId }, status: 'rejected', rejectReason: expect.stringMatching(/never booked/) },
    ]);
    expect(venue.account().openOrders).toEqual([]);
    expect(booked(emu)).toEqual([]);
  });

  test("an order written off that the exchange books after all is still the bot's: its fill is booked, not refused", async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue } = await liveSetup(emu, { unknownOrderGraceMs: 0 });
    emu.fault('private/AddOrder', { takeEffectAfterMs: 600_000, times: 1 });
    const entry = order({ side: 'buy', quantity: 1, leverage: 2 }, NOW);
    expect(await venue.submit(entry)).toMatchObject({ status: 'rejected', rejectReason: expect.stringMatching(/never booked/) });
    await emu.takeEffectNow();
    // Nothing left open for the venue to follow: a position elsewhere makes it sync.
    const eth = order({ symbol: 'ETH/USD', side: 'sell', quantity: 0.1, leverage: 2 }, NOW);
    await venue.submit(eth);
    const ev = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5));
    expect(ev.fills.map((f) => f.clientOrderId).sort()).toEqual([entry.clientOrderId, eth.clientOrderId].sort());
    expect(
      venue
        .account()
        .positions.map((p) => p.symbol)
        .sort(),
    ).toEqual(['ETH/USD', 'SOL/USD']);
  });

  test('a malformed 200 after the order was booked: the lookup finds it', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue } = await liveSetup(emu);
    emu.fault('private/AddOrder', { afterHandling: true, body: '{"error":[],"result":{}}', times: 1 });
    const state = await venue.submit(order({ side: 'buy', quantity: 1, leverage: 2 }, NOW));
    expect(state.status).toBe('open');
    expect(booked(emu)).toHaveLength(1);
    expect((await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5))).fills).toHaveLength(1);
  });

  test('when the lookup fails too, the order is unknown (journaled, open for the engine) until a sync finds it', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue, store } = await liveSetup(emu);
    emu.fault('private/AddOrder', { afterHandling: true, destroy: true, times: 1 });
    emu.fault('private/OpenOrders', { status: 502, times: 2 });
    const entry = order({ side: 'buy', quantity: 2, leverage: 2 }, NOW);
    const state = await venue.submit(entry);
    expect(state.status).toBe('open');
    expect(state.venueOrderId).toBeUndefined();
    expect(store.db.prepare('SELECT status FROM orders').get()).toEqual({ status: 'unknown' });
    expect(venue.account().openOrders.map((o) => o.request.clientOrderId)).toEqual([entry.clientOrderId]);

    const ev = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5));
    expect(ev.fills.map((f) => [f.clientOrderId, f.quantity])).toEqual([[entry.clientOrderId, 2]]);
    expect(ev.orders.at(-1)).toMatchObject({ status: 'filled', venueOrderId: [...emu.exchange.account.orders.keys()][0] });
    expect(booked(emu)).toHaveLength(1);
  });

  test('an order already open under the same client id (Kraken: duplicate order) is adopted, not doubled', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue, api } = await liveSetup(emu);
    const entry = order({ side: 'buy', type: 'limit', limitPrice: 90, quantity: 1, leverage: 2 }, NOW);
    const first = await api.addOrder({
      symbol: 'SOL/USD',
      side: 'buy',
      type: 'limit',
      volume: '1',
      price: '90',
      leverage: 2,
      reduceOnly: false,
      clientId: exchangeClientId(entry.clientOrderId),
    });
    const state = await venue.submit(entry);
    expect(emu.requestsTo('private/AddOrder').at(-1)?.error).toBe('EOrder:Duplicate order');
    expect(state).toMatchObject({ status: 'open', venueOrderId: first.txid });
    expect(booked(emu)).toHaveLength(1);
  });

  test('refusals are skipped and recorded (no lookup); an API key the exchange refuses stops the venue', async () => {
    emu = await startAccount({ balances: { ZUSD: 1000 } });
    const { venue } = await liveSetup(emu);
    const big = await venue.submit(order({ side: 'sell', quantity: 500, leverage: 2 }, NOW));
    expect(big).toMatchObject({ status: 'rejected', rejectReason: expect.stringMatching(/EOrder:Insufficient margin/) });
    expect(emu.requestsTo('private/OpenOrders')).toEqual([]);

    emu.fault('private/AddOrder', { error: 'EAPI:Invalid key', times: 1 });
    await expect(venue.submit(order({ side: 'sell', quantity: 1, leverage: 2 }, NOW))).rejects.toBeInstanceOf(FatalError);
    expect(booked(emu)).toEqual([]);
  });

  test('parallel submits go out one at a time with increasing nonces: no EAPI:Invalid nonce', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue } = await liveSetup(emu);
    const states = await Promise.all([
      venue.submit(order({ side: 'buy', quantity: 1, leverage: 2 }, NOW)),
      venue.submit(order({ symbol: 'ETH/USD', side: 'sell', quantity: 0.1, leverage: 5 }, NOW)),
      venue.submit(order({ side: 'sell', type: 'limit', limitPrice: 130, quantity: 1, leverage: 2, symbol: 'SOL/USD' }, NOW)),
    ]);
    expect(states.map((s) => s.status)).toEqual(['open', 'open', 'rejected']);
    const adds = emu.requestsTo('private/AddOrder');
    expect(adds.map((r) => r.error)).toEqual([undefined, undefined]);
    const nonces = emu.requests.filter((r) => r.route.startsWith('private/')).map((r) => BigInt(r.params['nonce'] ?? '0'));
    expect(nonces.every((n, i) => i === 0 || n > (nonces[i - 1] as bigint))).toBe(true);
  });
});
