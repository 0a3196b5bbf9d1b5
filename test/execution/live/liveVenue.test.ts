import { afterEach, describe, expect, test } from 'vitest';
import { impliedCashDelta } from '../../../src/domain/fill.js';
import { exchangeClientId } from '../../../src/execution/live/clientOrderId.js';
import { DEFAULT_MARKETS, type KrakenEmulator } from '../../support/kraken/index.js';
import { solPriceAt, startAccount } from '../../data/kraken/private/privateFixture.js';
import { HOUR, liveSetup, order, scriptedBar, T0 } from './liveFixture.js';

const NOW = T0 + 5.5 * HOUR;

describe('the live venue on the Kraken emulator (real ccxt client)', () => {
  let emu: KrakenEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('a leveraged market entry: journaled before it is sent, filled on the exchange, booked as the simulated venue books it', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue, store, epoch } = await liveSetup(emu);
    const entry = order({ side: 'buy', quantity: 2, leverage: 3, stopDistance: 5, takeProfitDistance: 8, atr: 4 }, NOW);

    // The journal row is committed before AddOrder leaves: seen from the emulator's handler.
    let journaled: unknown;
    const original = emu.exchange.addOrder.bind(emu.exchange);
    emu.exchange.addOrder = (params, now, pieces) => {
      journaled = store.db.prepare('SELECT status, exchange_client_id AS x FROM orders WHERE client_order_id = ?').get(entry.clientOrderId);
      return original(params, now, pieces);
    };
    const state = await venue.submit(entry);
    expect(journaled).toEqual({ status: 'submitting', x: exchangeClientId(entry.clientOrderId) });
    expect(state).toMatchObject({ status: 'open', filledQuantity: 0, venueOrderId: expect.stringMatching(/^O/) });
    const [sent] = emu.requestsTo('private/AddOrder');
    expect(sent?.params).toMatchObject({
      pair: 'SOLUSD',
      type: 'buy',
      ordertype: 'market',
      volume: '2.00000000',
      leverage: '3',
      cl_ord_id: exchangeClientId(entry.clientOrderId),
    });
    expect(store.db.prepare('SELECT status, venue_order_id AS v FROM orders WHERE client_order_id = ?').get(entry.clientOrderId)).toEqual({
      status: 'open',
      v: state.venueOrderId,
    });

    // The fill arrives with the next bar, as on the simulated venue.
    const price = solPriceAt(NOW);
    const ev = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5));
    expect(ev.fills).toHaveLength(1);
    const [fill] = ev.fills;
    const fee = 2 * price * 0.0026;
    expect(fill).toMatchObject({
      clientOrderId: entry.clientOrderId,
      positionId: entry.clientOrderId,
      effect: 'open',
      side: 'buy',
      quantity: 2,
      price,
      leverage: 3,
      liquidity: 'taker',
    });
    expect(fill?.margin).toBeCloseTo((2 * price) / 3, 4);
    expect(fill?.fee).toBeCloseTo(fee, 4);
    expect(fill?.cashDelta).toBeCloseTo(impliedCashDelta(fill as NonNullable<typeof fill>), 9);
    expect(ev.orders.map((o) => [o.request.clientOrderId, o.status, o.filledQuantity, o.averagePrice])).toEqual([[entry.clientOrderId, 'filled', 2, price]]);

    const account = venue.account();
    expect(account.openOrders).toEqual([]);
    expect(account.positions).toMatchObject([
      { id: entry.clientOrderId, side: 'long', quantity: 2, entryPrice: price, leverage: 3, stopPrice: price - 5, takeProfitPrice: price + 8, atr: 4 },
    ]);
    // Kraken's ledger shows the margin opening fee (0.025% of the USD lent to a long) with the trade: booked, from cash.
    const opening = 2 * price * 0.00025;
    expect(ev.charges).toMatchObject([{ kind: 'margin_open', positionId: entry.clientOrderId, symbol: 'SOL/USD', base: 2 * price }]);
    expect(ev.charges[0]?.amount).toBeCloseTo(opening, 4);
    // Cash for the engine = the USD balance less the margin the position holds.
    const usd = emu.exchange.account.balance('ZUSD');
    expect(account.cash).toBeCloseTo(usd - (account.positions[0]?.margin ?? 0), 4);
    expect(account.cash).toBeCloseTo(epoch.capital - (2 * price) / 3 - fee - opening, 4);
  });

  test("reduce-only close: sent with the position's leverage and reduce_only, books a close with the realised P&L", async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue } = await liveSetup(emu);
    await venue.submit(order({ side: 'sell', quantity: 3, leverage: 2 }, NOW));
    await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5));
    const [short] = venue.account().positions;
    expect(short).toMatchObject({ side: 'short', quantity: 3, leverage: 2 });

    // A third first: the position shrinks, its margin released in proportion.
    emu.setNow(T0 + 9.5 * HOUR);
    await venue.submit(order({ side: 'buy', quantity: 1, leverage: 2, reduceOnly: true }, T0 + 9.5 * HOUR));
    const part = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 9));
    expect(part.fills.map((f) => [f.effect, f.quantity])).toEqual([['close', 1]]);
    expect(part.fills[0]?.margin).toBeCloseTo((short?.margin ?? 0) / 3, 9);
    expect(part.closedPositions).toEqual([]);
    expect(venue.account().positions).toMatchObject([{ id: short?.id, quantity: 2 }]);
    expect(venue.account().positions[0]?.margin).toBeCloseTo(((short?.margin ?? 0) * 2) / 3, 9);
    expect(venue.account().cash + (venue.account().positions[0]?.margin ?? 0)).toBeCloseTo(emu.exchange.account.balance('ZUSD'), 4);

    emu.setNow(T0 + 10.5 * HOUR);
    const exitAt = solPriceAt(T0 + 10.5 * HOUR);
    const close = await venue.submit(order({ side: 'buy', quantity: 2, leverage: 2, reduceOnly: true }, T0 + 10.5 * HOUR));
    expect(close.status).toBe('open');
    expect(emu.requestsTo('private/AddOrder').at(-1)?.params).toMatchObject({ type: 'buy', leverage: '2', reduce_only: 'true', volume: '2.00000000' });
    const ev = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 10));
    expect(ev.fills.map((f) => [f.effect, f.side, f.quantity, f.price])).toEqual([['close', 'buy', 2, exitAt]]);
    expect(ev.fills[0]?.realizedPnl).toBeCloseTo(((short?.entryPrice ?? 0) - exitAt) * 2, 6);
    expect(ev.closedPositions).toMatchObject([{ position: { id: short?.id }, exitReason: 'close', exitPrice: exitAt }]);
    expect(venue.account().positions).toEqual([]);
    expect(emu.exchange.account.positions.openPositions()).toEqual([]);
    expect(venue.account().cash).toBeCloseTo(emu.exchange.account.balance('ZUSD'), 4);
  });

  test('a limit rests; partial fills come back as several fills of one order, the position growing with each', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue } = await liveSetup(emu);
    emu.fault('private/AddOrder', { partialFills: 3, times: 1 });
    const entry = order({ side: 'buy', type: 'limit', limitPrice: 95.004, quantity: 3, leverage: 2 }, NOW);
    const state = await venue.submit(entry);
    expect(state.request.limitPrice).toBe(95);
    expect(emu.requestsTo('private/AddOrder').at(-1)?.params).toMatchObject({ ordertype: 'limit', price: '95.00' });

    emu.setNow(T0 + 9.9 * HOUR);
    expect((await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 9))).fills).toEqual([]);
    // The dip from 10:00 goes through 95 more than twice: one piece per print.
    emu.setNow(T0 + 12 * HOUR);
    const ev = await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 10));
    expect(ev.fills.length).toBe(3);
    expect(ev.fills.map((f) => [f.clientOrderId, f.quantity, f.price, f.liquidity, f.effect])).toEqual(
      Array.from({ length: 3 }, () => [entry.clientOrderId, 1, 95, 'maker', 'open']),
    );
    expect(new Set(ev.fills.map((f) => f.id)).size).toBe(3);
    expect(venue.account().positions).toMatchObject([{ quantity: 3, entryPrice: 95, margin: (3 * 95) / 2 }]);
    expect(ev.orders.at(-1)).toMatchObject({ status: 'filled', filledQuantity: 3, averagePrice: 95 });
  });

  test.each([
    ['below ordermin', { quantity: 0.019 }, /below the exchange minimum 0.02 \(ordermin\)/],
    ['truncating to nothing', { quantity: 0.000000001 }, /truncates to 0/],
    ['a limit without a price', { type: 'limit' as const }, /without a positive limitPrice/],
    ['below costmin', { quantity: 0.03, symbol: 'SOL/USD' }, /below the exchange minimum 5 \(costmin\)/],
    ['reduce-only without a position', { reduceOnly: true }, /no position is open/],
  ])('refuses %s before sending: no AddOrder reaches the exchange', async (_name, o, reason) => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } }, { markets: DEFAULT_MARKETS.map((m) => (m.id === 'SOLUSD' ? { ...m, costmin: '5' } : m)) });
    const { venue, store } = await liveSetup(emu);
    await venue.onBar('SOL/USD', scriptedBar('SOL/USD', 5));
    const state = await venue.submit(order({ side: 'buy', ...o }, NOW));
    expect(state.status).toBe('rejected');
    expect(state.rejectReason).toMatch(reason);
    expect(emu.requestsTo('private/AddOrder')).toEqual([]);
    // Nothing was journaled: there is nothing to look up.
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM orders').get()).toEqual({ n: 0 });
  });

  test('amounts are truncated to the lot decimals; leverage is clamped to the asset range, the market maximum and a level it offers', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const { venue } = await liveSetup(emu, { leverage: { 'SOL/USD': { min: 20, max: 125, default: 35 } } });
    const a = await venue.submit(order({ side: 'buy', quantity: 1.123456789, leverage: 35 }, NOW));
    expect(a.request).toMatchObject({ quantity: 1.12345678, leverage: 3 });
    expect(emu.requestsTo('private/AddOrder').at(-1)?.params).toMatchObject({ volume: '1.12345678', leverage: '3' });
    expect(emu.exchange.account.orders.size).toBe(1);

    const { venue: plain } = await liveSetup(emu);
    const b = await plain.submit(order({ symbol: 'ETH/USD', side: 'sell', quantity: 0.5, leverage: 4.7 }, NOW));
    expect(b.request.leverage).toBe(4);
    const c = await plain.submit(order({ symbol: 'SOL/USD', side: 'sell', quantity: 0.5, leverage: 1 }, NOW));
    // Kraken has no 1:1 margin: the lowest level; same quantity, so the same loss at the stop.
    expect(c.request.leverage).toBe(2);
    expect(emu.requestsTo('private/AddOrder').map((r) => r.params['leverage'])).toEqual(['3', '4', '2']);
  });
});
