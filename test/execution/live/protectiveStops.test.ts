import { afterEach, describe, expect, test } from 'vitest';
import { describeStopModes } from '../../../src/execution/live/protectiveStops.js';
import type { KrakenEmulator } from '../../support/kraken/index.js';
import { firstSolPrint, solPriceAt, startAccount } from '../../data/kraken/private/privateFixture.js';
import { HOUR, liveSetup, order, scriptedBar, T0 } from './liveFixture.js';

const NOW = T0 + 5.5 * HOUR;

describe('stop-losses of live positions', () => {
  let emu: KrakenEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('daemon-managed: a bar that crosses the stop closes the position with a journaled reduce-only market order', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue, store } = await liveSetup(emu, { stops: 'daemon' });
    expect(venue.stopMode('SOL/USD')).toBe('daemon');
    const entry = order({ side: 'buy', quantity: 2, leverage: 3, stopDistance: 5, atr: 4 }, NOW);
    await venue.submit(entry);
    await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5));
    const [p] = venue.account().positions;
    expect(p?.stopPrice).toBeCloseTo(solPriceAt(NOW) - 5, 9);

    // 06:00-09:00 stay above the stop: nothing is sent.
    emu.setNow(T0 + 9 * HOUR);
    expect(await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 8))).toMatchObject({ fills: [], closedPositions: [] });
    expect(emu.requestsTo('private/AddOrder')).toHaveLength(1);

    // The 10:00 bar (SYNTHETIC dip to 90) went through the stop; the daemon sees it at 11:00.
    emu.setNow(T0 + 11 * HOUR);
    const exit = solPriceAt(T0 + 11 * HOUR);
    const bar = scriptedBar('SOL/USD', 10);
    const ev = await venue.onBar('SOL/USD', bar);
    const close = emu.requestsTo('private/AddOrder').at(-1);
    expect(close?.params).toMatchObject({ type: 'sell', ordertype: 'market', volume: '2.00000000', reduce_only: 'true', leverage: '3' });
    expect(ev.fills.map((f) => [f.clientOrderId, f.effect, f.quantity, f.price])).toEqual([[`${entry.clientOrderId}:stop@${bar.time}`, 'stop', 2, exit]]);
    expect(ev.closedPositions).toMatchObject([{ position: { id: entry.clientOrderId }, exitReason: 'stop', exitPrice: exit }]);
    expect(ev.orders.find((o) => o.request.clientOrderId.includes(':stop@'))).toMatchObject({ status: 'filled', request: { reduceOnly: true } });
    expect(store.db.prepare("SELECT status FROM orders WHERE client_order_id LIKE '%:stop@%'").get()).toEqual({ status: 'open' });
    expect(venue.account().positions).toEqual([]);
    expect(emu.exchange.account.positions.openPositions()).toEqual([]);
  });

  test('daemon-managed: a close the exchange refused is tried again when the bar is replayed (a restart), under an id of its own', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue, store } = await liveSetup(emu, { stops: 'daemon' });
    const entry = order({ side: 'buy', quantity: 2, leverage: 3, stopDistance: 5, atr: 4 }, NOW);
    await venue.submit(entry);
    await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5));

    // The 10:00 bar went through the stop; the exchange refuses the close once.
    emu.setNow(T0 + 11 * HOUR);
    const bar = scriptedBar('SOL/USD', 10);
    emu.fault('private/AddOrder', { error: 'EOrder:Insufficient margin', times: 1 });
    const refused = await venue.onBar('SOL/USD', bar);
    expect(refused.orders.find((o) => o.request.clientOrderId === `${entry.clientOrderId}:stop@${bar.time}`)).toMatchObject({ status: 'rejected' });
    expect(venue.account().positions).toHaveLength(1);

    // The same bar again, as after a kill before the step was saved: a second attempt, not the same order twice.
    const replayed = await venue.onBar('SOL/USD', bar);
    expect(replayed.fills.map((f) => [f.clientOrderId, f.effect, f.quantity])).toEqual([[`${entry.clientOrderId}:stop@${bar.time}r2`, 'stop', 2]]);
    expect(venue.account().positions).toEqual([]);
    const sent = emu.requestsTo('private/AddOrder').map((r) => r.params['cl_ord_id']);
    expect(new Set(sent).size).toBe(sent.length);
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM orders WHERE client_order_id LIKE '%:stop@%'").get()).toEqual({ n: 2 });
  });

  test('daemon-managed: a close whose answer was lost, and that the exchange does not show, does not hold back the next one', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue } = await liveSetup(emu, { stops: 'daemon', unknownOrderGraceMs: 6 * HOUR });
    const entry = order({ side: 'buy', quantity: 2, leverage: 3, stopDistance: 5, atr: 4 }, NOW);
    await venue.submit(entry);
    await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5));

    // The 10:00 bar went through the stop; the close's answer is lost and the exchange never took it.
    emu.setNow(T0 + 11 * HOUR);
    emu.fault('private/AddOrder', { status: 503, times: 1 });
    await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 10));
    expect(venue.account().positions).toHaveLength(1);
    expect(venue.account().openOrders.map((o) => o.request.clientOrderId)).toEqual([`${entry.clientOrderId}:stop@${scriptedBar('SOL/USD', 10).time}`]);

    // Still below the stop at 11:00: the close is unknown, but both are reduce-only, so the next one goes out.
    emu.setNow(T0 + 12 * HOUR);
    const ev = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 11));
    expect(ev.closedPositions).toMatchObject([{ position: { id: entry.clientOrderId }, exitReason: 'stop' }]);
    expect(venue.account().positions).toEqual([]);
    expect(emu.exchange.account.positions.openPositions()).toEqual([]);
  });

  test('on the exchange: a stop order booked late, after another took its place, is cancelled once found: one stop stays', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue } = await liveSetup(emu, { stops: 'exchange', unknownOrderGraceMs: 6 * HOUR });
    const entry = order({ side: 'buy', quantity: 2, leverage: 3, stopDistance: 5, atr: 4 }, NOW);
    await venue.submit(entry);
    // The first stop order's connection is dropped; the exchange books it only when the test says.
    emu.fault('private/AddOrder', { takeEffectAfterMs: 600_000, times: 1 });
    await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5));
    expect(venue.account().positions).toHaveLength(1);
    emu.setNow(NOW + HOUR);
    await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 6));
    const openStops = () => [...emu!.exchange.account.orders.values()].filter((o) => o.type === 'stop-loss' && o.status === 'open');
    expect(openStops()).toHaveLength(1);

    await emu.takeEffectNow();
    expect(openStops()).toHaveLength(2);
    emu.setNow(NOW + 2 * HOUR);
    await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 7));
    expect(openStops()).toHaveLength(1);
    emu.setNow(NOW + 3 * HOUR);
    await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 8));
    expect(venue.snapshot().openOrders.map((o) => o.request.clientOrderId)).toEqual([expect.stringMatching(/:xstop@/)]);
  });

  test('on the exchange: a reduce-only stop-loss rests there, follows the trailing stop, fires on its own; the engine never sees it as pending', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue } = await liveSetup(emu, { stops: 'exchange' });
    expect(venue.stopMode('SOL/USD')).toBe('exchange');
    expect(describeStopModes(new Map([['SOL/USD', venue.stopMode('SOL/USD')]]))).toMatch(/SOL\/USD: stop-losses rest on the exchange/);
    const entry = order({ side: 'buy', quantity: 2, leverage: 3, stopDistance: 5, atr: 4 }, NOW);
    await venue.submit(entry);
    const opened = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5));
    const [p] = venue.account().positions;
    const stop = Number(((p?.entryPrice ?? 0) - 5).toFixed(2));
    const [placed] = emu.requestsTo('private/AddOrder').slice(1);
    expect(placed?.params).toMatchObject({
      type: 'sell',
      ordertype: 'stop-loss',
      price: stop.toFixed(2),
      volume: '2.00000000',
      reduce_only: 'true',
      leverage: '3',
    });
    expect(opened.orders.map((o) => o.request.clientOrderId)).toContain(`${entry.clientOrderId}:xstop@${NOW}`);
    expect(venue.account().openOrders).toEqual([]);

    // The engine tightens the stop: a new stop order stands before the old one is cancelled.
    await venue.protect(entry.clientOrderId, { stopPrice: stop + 1, trailing: true, peakPrice: 101 }, NOW);
    expect(emu.requestsTo('private/AddOrder').at(-1)?.params).toMatchObject({ ordertype: 'stop-loss', price: (stop + 1).toFixed(2) });
    expect(emu.requestsTo('private/CancelOrder')).toHaveLength(1);
    const resting = [...emu.exchange.account.orders.values()].filter((o) => o.type === 'stop-loss').map((o) => [o.price, o.status]);
    expect(resting).toEqual([
      [stop, 'canceled'],
      [stop + 1, 'open'],
    ]);

    // The dip fires it on the exchange; the daemon only learns of it, it sends nothing.
    const through = firstSolPrint(NOW, (price) => price <= stop + 1);
    emu.setNow(T0 + 11 * HOUR);
    const adds = emu.requestsTo('private/AddOrder').length;
    const ev = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 10));
    expect(emu.requestsTo('private/AddOrder')).toHaveLength(adds);
    expect(ev.fills.map((f) => [f.effect, f.quantity, f.price])).toEqual([['stop', 2, through.price]]);
    expect(ev.closedPositions).toMatchObject([{ exitReason: 'stop' }]);
    expect(venue.account().positions).toEqual([]);
    expect(venue.snapshot().openOrders).toEqual([]);
  });

  test('on the exchange: a position closed by the engine takes its stop order with it', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue } = await liveSetup(emu, { stops: 'exchange' });
    const entry = order({ side: 'sell', quantity: 2, leverage: 2, stopDistance: 6 }, NOW);
    await venue.submit(entry);
    await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5));
    emu.setNow(NOW + HOUR);
    await venue.submit(order({ side: 'buy', quantity: 2, leverage: 2, reduceOnly: true }, NOW + HOUR));
    const ev = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 6));
    expect(ev.closedPositions).toMatchObject([{ exitReason: 'close' }]);
    expect([...emu.exchange.account.orders.values()].filter((o) => o.type === 'stop-loss').map((o) => o.status)).toEqual(['canceled']);
    emu.setNow(NOW + 2 * HOUR);
    const later = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 7));
    expect(later.orders.map((o) => [o.request.clientOrderId.includes(':xstop@'), o.status])).toEqual([[true, 'cancelled']]);
    expect(venue.snapshot().openOrders).toEqual([]);
  });
});
