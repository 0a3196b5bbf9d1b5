import { afterEach, describe, expect, test } from 'vitest';
import { fundingTotals } from '../../../src/domain/financing.js';
import { maintenanceMarginRate } from '../../../src/domain/margin.js';
import type { Approved, OrderRequest } from '../../../src/domain/order.js';
import type { VenueEvents } from '../../../src/domain/ports.js';
import { exchangeClientId } from '../../../src/execution/live/clientOrderId.js';
import { perpetualLiquidationPrice } from '../../../src/execution/liquidationPrice.js';
import { roundPrice } from '../../../src/execution/priceRounding.js';
import { SimulatedVenue } from '../../../src/execution/simulatedVenue.js';
import type { KrakenFuturesEmulator } from '../../support/krakenFutures/index.js';
import { scriptedFunding, solPriceAt, startFutures } from '../../data/krakenFutures/private/futuresFixture.js';
import { futuresBar, futuresLiveSetup, HOUR, T0 } from './futuresLiveFixture.js';

const NOW = T0 + 5.5 * HOUR;

let seq = 0;
/** An order as risk would approve it (tests build them directly). */
function order(o: Partial<OrderRequest> & Pick<OrderRequest, 'side'>, now: number): Approved<OrderRequest> {
  seq++;
  return {
    clientOrderId: `e1-SOL-${Math.floor(now / 1000)}-f${seq}`,
    symbol: 'SOL/USD',
    type: 'market',
    quantity: 10,
    leverage: 5,
    reduceOnly: false,
    createdAt: now,
    signalBarTime: now - HOUR,
    reason: 'scripted futures test order',
    ...o,
  } as Approved<OrderRequest>;
}

describe('the live venue on Kraken Futures (the futures emulator, the real ccxt krakenfutures client)', () => {
  let emu: KrakenFuturesEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('an entry is journaled, sent once under its cliOrdId at the contract leverage, booked with the fee the account log shows, protected by a reduce-only stop on the exchange; the stop fires and funding is booked; the books explain the collateral', async () => {
    emu = await startFutures({ usd: 10_000 });
    const { venue, store, markets } = await futuresLiveSetup(emu);
    const entry = order({ side: 'buy', quantity: 10, leverage: 5, stopDistance: 6 }, NOW);
    const state = await venue.submit(entry);
    expect(state).toMatchObject({ status: 'open', venueOrderId: [...emu.exchange.account.orders.keys()][0] });
    expect(emu.requestsTo('private/sendorder').map((r) => [r.params['cliOrdId'], r.params['orderType']])).toEqual([
      [exchangeClientId(entry.clientOrderId), 'mkt'],
    ]);
    expect(emu.exchange.account.leverage.get('PF_SOLUSD')).toBe(5);
    expect(store.db.prepare('SELECT status, venue_order_id AS v FROM orders').all()).toEqual([{ status: 'open', v: state.venueOrderId }]);

    const price = solPriceAt(NOW);
    const opened = await venue.onBar('SOL/USD', futuresBar(5));
    expect(opened.fills.map((f) => [f.effect, f.side, f.quantity, f.price, f.leverage, f.liquidity])).toEqual([['open', 'buy', 10, price, 5, 'taker']]);
    expect(opened.fills[0]?.fee).toBeCloseTo(emu.exchange.account.fills[0]?.fee ?? NaN, 10);
    const [p] = venue.account().positions;
    const sol = markets.get('SOL/USD');
    expect(p?.margin).toBeCloseTo((10 * price) / 5, 9);
    expect(p?.liquidationPrice).toBeCloseTo(perpetualLiquidationPrice('long', price, 5, maintenanceMarginRate(sol, 10 * price, 0.005)), 9);
    // One reduce-only stop-market on the exchange at the position's stop, for all of it.
    const stops = emu.exchange.account.openOrders();
    expect(stops.map((o) => [o.type, o.side, o.size, o.stopPrice, o.reduceOnly])).toEqual([
      ['stp', 'sell', 10, roundPrice(price - 6, sol?.pricePrecision ?? 2), true],
    ]);
    expect(venue.account().cash + (p?.margin ?? 0)).toBeCloseTo(emu.exchange.account.balance, 8);

    // The dip at 10:00 goes through the stop: the exchange closes the position while the daemon is not looking.
    const events: VenueEvents[] = [opened];
    for (let hour = 6; hour <= 10; hour++) {
      emu.setNow(T0 + (hour + 1) * HOUR + 60_000);
      events.push(await venue.onBar('SOL/USD', futuresBar(hour)));
    }
    expect(events.flatMap((e) => e.closedPositions)).toMatchObject([{ position: { id: entry.clientOrderId }, exitReason: 'stop' }]);
    expect(venue.account().positions).toEqual([]);
    expect(emu.exchange.account.openOrders()).toEqual([]);
    // Funding: what the account settled (longs pay the fixture's +0.01%), booked once each, on the position.
    const settled = emu.exchange.account.log.cash().filter((e) => e.info === 'funding rate change');
    const booked = events.flatMap((e) => e.charges);
    expect(settled.length).toBeGreaterThanOrEqual(4);
    expect(booked.map((c) => [c.kind, c.positionId])).toEqual(settled.map(() => ['funding', entry.clientOrderId]));
    expect(fundingTotals(booked).paid).toBeCloseTo(-settled.reduce((a, e) => a + (e.realizedFunding ?? 0), 0), 10);
    expect(venue.account().cash).toBeCloseTo(emu.exchange.account.balance, 8);
  });

  test('a sendorder answer lost after the order was booked: found by its cliOrdId, never sent again, one order', async () => {
    emu = await startFutures({ usd: 10_000 });
    const { venue, store } = await futuresLiveSetup(emu);
    emu.fault('private/sendorder', { afterHandling: true, destroy: true, times: 1 });
    const entry = order({ side: 'sell', type: 'limit', limitPrice: 120, quantity: 3, leverage: 2 }, NOW);
    const state = await venue.submit(entry);
    const xid = exchangeClientId(entry.clientOrderId);
    expect(state).toMatchObject({ status: 'open', venueOrderId: [...emu.exchange.account.orders.keys()][0] });
    expect(emu.requestsTo('private/sendorder')).toHaveLength(1);
    expect(emu.requestsTo('private/orders/status').some((r) => r.params['cliOrdIds'] === xid)).toBe(true);
    expect([...emu.exchange.account.orders.values()].map((o) => o.cliOrdId)).toEqual([xid]);
    expect(store.db.prepare('SELECT status, venue_order_id AS v FROM orders').all()).toEqual([{ status: 'open', v: state.venueOrderId }]);
    expect(await venue.submit(entry)).toEqual(state);
    expect(emu.requestsTo('private/sendorder')).toHaveLength(1);
  });

  test('an order booked seconds after its answer was lost: unknown and open for the engine, found by a later sync and followed; never re-sent', async () => {
    emu = await startFutures({ usd: 10_000 });
    const { venue, store } = await futuresLiveSetup(emu, { unknownOrderGraceMs: HOUR });
    emu.fault('private/sendorder', { takeEffectAfterMs: 60_000, times: 1 });
    const entry = order({ side: 'buy', quantity: 4, leverage: 3 }, NOW);
    const state = await venue.submit(entry);
    expect(state.status).toBe('open');
    expect(state.venueOrderId).toBeUndefined();
    expect(store.db.prepare('SELECT status FROM orders').get()).toEqual({ status: 'unknown' });
    expect(emu.exchange.account.orders.size).toBe(0);

    // The exchange books it now, seconds after the answer was lost.
    await emu.takeEffectNow();
    emu.setNow(NOW + 10_000);
    const ev = await venue.onBar('SOL/USD', futuresBar(5));
    expect(emu.exchange.account.orders.size).toBe(1);
    expect(ev.fills.map((f) => [f.effect, f.quantity])).toEqual([['open', 4]]);
    expect(venue.account().positions.map((p) => [p.id, p.quantity])).toEqual([[entry.clientOrderId, 4]]);
    expect(emu.requestsTo('private/sendorder').filter((r) => r.params['cliOrdId'] === exchangeClientId(entry.clientOrderId))).toHaveLength(1);
  });

  test('the same ledger gives the same books on the simulated and the live futures venue over one scripted session: fills, fees, margin, liquidation price, funding, realised P&L, cash', async () => {
    emu = await startFutures({ usd: 10_000 });
    const { venue: live, markets } = await futuresLiveSetup(emu);
    const funding = scriptedFunding().get('PF_SOLUSD') ?? [];
    const sim = new SimulatedVenue({
      markets,
      fees: { maker: 0.0002, taker: 0.0005 },
      slippageBps: 0,
      maintenanceMarginRate: 0.005,
      state: { cash: 10_000, positions: [], openOrders: [] },
      funding: { intervalMs: HOUR, rates: { rateAt: (_s, start) => funding.find((r) => r.time === start)?.relative }, fallbackRate: 0 },
      barMs: HOUR,
    });
    // Orders go out at the hour (the sim fills them at the next bar's open, the exchange at the last print: the
    // scripted bars open at the previous close, so both are one price); a stop far below, never reached.
    const script: { readonly hour: number; readonly order?: Approved<OrderRequest> }[] = [
      { hour: 6, order: order({ side: 'buy', quantity: 10, leverage: 5, stopDistance: 30, clientOrderId: 'e1-SOL-parity-open' }, T0 + 6 * HOUR) },
      { hour: 7 },
      { hour: 8 },
      { hour: 9, order: order({ side: 'sell', quantity: 4, leverage: 5, reduceOnly: true, clientOrderId: 'e1-SOL-parity-cut' }, T0 + 9 * HOUR) },
      { hour: 10 },
      { hour: 11, order: order({ side: 'sell', quantity: 6, leverage: 5, reduceOnly: true, clientOrderId: 'e1-SOL-parity-close' }, T0 + 11 * HOUR) },
    ];
    const books = { sim: [] as VenueEvents[], live: [] as VenueEvents[] };
    for (const step of script) {
      emu.setNow(T0 + step.hour * HOUR);
      if (step.order) {
        await sim.submit(step.order);
        await live.submit(step.order);
      }
      books.sim.push(await sim.onBar('SOL/USD', futuresBar(step.hour)));
      emu.setNow(T0 + (step.hour + 1) * HOUR);
      books.live.push(await live.onBar('SOL/USD', futuresBar(step.hour)));
    }
    const fills = (ev: VenueEvents[]) =>
      ev
        .flatMap((e) => e.fills)
        .map((f) => ({
          ...f,
          id: '',
          fee: Number(f.fee.toFixed(9)),
          cashDelta: Number(f.cashDelta.toFixed(9)),
          margin: Number(f.margin.toFixed(9)),
          realizedPnl: Number(f.realizedPnl.toFixed(9)),
        }));
    expect(fills(books.live)).toEqual(fills(books.sim));
    expect(fills(books.live).map((f) => [f.effect, f.quantity])).toEqual([
      ['open', 10],
      ['close', 4],
      ['close', 6],
    ]);
    const charges = (ev: VenueEvents[]) => ev.flatMap((e) => e.charges).map((c) => [c.kind, c.positionId, Number(c.amount.toFixed(9))]);
    expect(charges(books.live)).toEqual(charges(books.sim));
    expect(fundingTotals(books.live.flatMap((e) => e.charges)).paid).toBeGreaterThan(0);
    expect(books.live.flatMap((e) => e.closedPositions).map((c) => [c.exitReason, Number(c.realizedPnl.toFixed(9))])).toEqual(
      books.sim.flatMap((e) => e.closedPositions).map((c) => [c.exitReason, Number(c.realizedPnl.toFixed(9))]),
    );
    expect(live.account().cash).toBeCloseTo(sim.account().cash, 9);
    expect(live.account().cash).toBeCloseTo(emu.exchange.account.balance, 8);
  });
});
