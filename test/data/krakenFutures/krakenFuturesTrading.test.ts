import { afterEach, describe, expect, test } from 'vitest';
import { createKrakenFuturesClient } from '../../../src/data/krakenFutures/index.js';
import { KrakenFuturesTrading } from '../../../src/data/krakenFutures/krakenFuturesTrading.js';
import { DuplicateOrderError, FatalError, OrderRejectedError } from '../../../src/internal/errors.js';
import type { KrakenFuturesEmulator } from '../../support/krakenFutures/index.js';
import { API_KEY, HOUR, SECRET, solPriceAt, startFutures, T0 } from './private/futuresFixture.js';

const NOW = T0 + 5.5 * HOUR;

/** What `call` rejects with (the test fails if it resolves). */
async function rejection(call: () => Promise<unknown>): Promise<Error> {
  try {
    await call();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

function tradingOn(emu: KrakenFuturesEmulator, secret = SECRET): KrakenFuturesTrading {
  const client = createKrakenFuturesClient({ apiUrl: emu.url, timeoutMs: 2000, enableRateLimit: false });
  return new KrakenFuturesTrading(client, { apiKey: API_KEY, secret, wallClock: () => emu.now() });
}

describe('the Kraken Futures client for --demo', () => {
  test("demo points every API at Kraken's demo futures exchange (ccxt's sandbox URLs); production and an emulator's apiUrl do not", () => {
    const demo = createKrakenFuturesClient({ apiUrl: null, timeoutMs: 1000, demo: true }).urls.api as Record<string, string>;
    for (const api of ['public', 'private', 'charts', 'history']) expect(new URL(demo[api] ?? '').host).toBe('demo-futures.kraken.com');
    const production = createKrakenFuturesClient({ apiUrl: null, timeoutMs: 1000 }).urls.api as Record<string, string>;
    for (const api of ['public', 'private', 'charts', 'history']) expect(new URL(production[api] ?? '').host).toBe('futures.kraken.com');
    const emulated = createKrakenFuturesClient({ apiUrl: 'http://127.0.0.1:4000', timeoutMs: 1000, demo: true }).urls.api as Record<string, string>;
    expect(emulated['private']).toBe('http://127.0.0.1:4000/derivatives/api/');
  });
});

describe("KrakenFuturesTrading: the live venue's TradingApi on Kraken Futures, through ccxt, against the emulator", () => {
  let emu: KrakenFuturesEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('an opening market order sets isolated margin at its leverage first; its fill carries the fee the account log charged; the account shows the position and the USD collateral', async () => {
    emu = await startFutures({ usd: 10_000 });
    const api = tradingOn(emu);
    const markets = new Map((await api.markets()).map((m) => [m.symbol, m]));
    const sol = markets.get('SOL/USD');
    expect(sol?.pairId).toBe('PF_SOLUSD');
    expect(sol?.perpetual?.id).toBe('PF_SOLUSD');
    expect(sol?.leverageBuy.at(-1)).toBe(Math.floor(sol?.maxLeverage ?? 0));

    const { txid } = await api.addOrder({ symbol: 'SOL/USD', side: 'buy', type: 'market', volume: '10', leverage: 5, reduceOnly: false, clientId: 'c-open' });
    expect(emu.exchange.account.leverage.get('PF_SOLUSD')).toBe(5);
    const sent = emu.requestsTo('private/sendorder')[0]?.params;
    expect(sent).toMatchObject({ orderType: 'mkt', symbol: 'PF_SOLUSD', side: 'buy', size: '10', cliOrdId: 'c-open' });
    expect(sent?.['reduceOnly']).toBeUndefined();

    const [trade, ...others] = await api.tradesSince(NOW - HOUR);
    expect(others).toEqual([]);
    const fill = emu.exchange.account.fills[0];
    expect(trade).toMatchObject({ orderTxid: txid, symbol: 'SOL/USD', side: 'buy', volume: 10, price: solPriceAt(NOW), maker: false, time: NOW });
    expect(trade?.fee).toBeCloseTo(fill?.fee ?? NaN, 10);
    expect(trade?.fee).toBeCloseTo(10 * solPriceAt(NOW) * 0.0005, 10);

    expect(await api.openPositions()).toEqual([{ symbol: 'SOL/USD', pair: 'PF_SOLUSD', side: 'buy', volume: 10, margin: 0 }]);
    expect((await api.balances()).get('USD')?.total).toBeCloseTo(emu.exchange.account.balance, 8);
    expect(emu.exchange.account.balance).toBeCloseTo(10_000 - (fill?.fee ?? 0), 8);

    // Found by its cliOrdId while orders/status lists it, and from its fills once it no longer does.
    expect(await api.closedOrders({ clientId: 'c-open' })).toMatchObject([{ txid, clientId: 'c-open', status: 'closed', filled: 10 }]);
    emu.setNow(NOW + 60_000);
    expect(await api.closedOrders({ clientId: 'c-open' })).toMatchObject([{ txid, clientId: 'c-open', status: 'closed', filled: 10, volume: 10 }]);
    expect(await api.queryOrders([txid])).toMatchObject([{ txid, status: 'closed', filled: 10, symbol: 'SOL/USD', side: 'buy' }]);
    expect(await api.openOrders('c-open')).toEqual([]);
  });

  test('a reduce-only stop rests as stp on the last price, fires through the dip, and is then told as closed from its fills', async () => {
    emu = await startFutures({ usd: 10_000 });
    const api = tradingOn(emu);
    await api.markets();
    await api.addOrder({ symbol: 'SOL/USD', side: 'buy', type: 'market', volume: '4', leverage: 3, reduceOnly: false, clientId: 'c-long' });
    const { txid } = await api.addOrder({
      symbol: 'SOL/USD',
      side: 'sell',
      type: 'stop-loss',
      volume: '4',
      price: '95',
      leverage: 3,
      reduceOnly: true,
      clientId: 'c-stop',
    });
    expect(emu.requestsTo('private/sendorder')[1]?.params).toMatchObject({ orderType: 'stp', stopPrice: '95', triggerSignal: 'last', reduceOnly: 'true' });
    expect(await api.openOrders()).toMatchObject([{ txid, clientId: 'c-stop', type: 'stop-loss', price: 95, reduceOnly: true, status: 'open', volume: 4 }]);

    emu.setNow(T0 + 12 * HOUR);
    const [stop] = await api.queryOrders([txid]);
    expect(stop).toMatchObject({ txid, status: 'closed', filled: 4, side: 'sell', price: 95 });
    expect(await api.openPositions()).toEqual([]);
    const trades = await api.tradesSince(NOW - HOUR);
    expect(trades.map((t) => [t.orderTxid === txid, t.side, t.volume])).toEqual([
      [false, 'buy', 4],
      [true, 'sell', 4],
    ]);
  });

  test('an order gone without a trace (a stop cancelled, seen again after a restart) ended unfilled; one with fills, from its fills', async () => {
    emu = await startFutures({ usd: 10_000 });
    const api = tradingOn(emu);
    await api.markets();
    await api.addOrder({ symbol: 'SOL/USD', side: 'buy', type: 'market', volume: '2', leverage: 2, reduceOnly: false, clientId: 'c-in' });
    const { txid: stop } = await api.addOrder({
      symbol: 'SOL/USD',
      side: 'sell',
      type: 'stop-loss',
      volume: '2',
      price: '80',
      leverage: 2,
      reduceOnly: true,
      clientId: 'c-x',
    });
    await api.cancelOrder(stop);
    emu.setNow(NOW + 60_000);
    const restarted = tradingOn(emu);
    await restarted.markets();
    expect(await restarted.queryOrders([stop])).toMatchObject([{ txid: stop, status: 'canceled', filled: 0 }]);
    expect(await restarted.closedOrders({ clientId: 'c-x' })).toEqual([]);
    expect(await restarted.closedOrders({ clientId: 'c-in' })).toMatchObject([{ status: 'closed', filled: 2, side: 'buy', symbol: 'SOL/USD' }]);
  });

  test('funding settled on the open position comes from the account log, signed as the balance moved, on its symbol', async () => {
    emu = await startFutures({ usd: 10_000 });
    const api = tradingOn(emu);
    await api.markets();
    await api.addOrder({ symbol: 'SOL/USD', side: 'buy', type: 'market', volume: '10', leverage: 2, reduceOnly: false, clientId: 'c-fund' });
    emu.setNow(T0 + 8 * HOUR + 60_000);
    const entries = await api.ledger({ sinceMs: NOW, types: api.financingTypes });
    const logged = emu.exchange.account.log.entries.filter((e) => e.info === 'funding rate change' && e.asset === 'usd');
    expect(entries.length).toBe(logged.length);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    for (const e of entries) expect(e).toMatchObject({ type: 'funding', symbol: 'SOL/USD', asset: 'USD' });
    // Hours 0-11 pay +0.01% to shorts: a long's balance goes down.
    expect(entries.every((e) => e.amount < 0)).toBe(true);
    expect(entries.reduce((a, e) => a + e.amount, 0)).toBeCloseTo(
      logged.reduce((a, e) => a + (e.realizedFunding ?? 0), 0),
      10,
    );
    expect(await api.ledger({ sinceMs: NOW, types: ['margin', 'rollover'] })).toEqual([]);
  });

  test('refusals: a post-only limit that would take, a cliOrdId used before, a leverage preference refused (nothing sent), a key refused', async () => {
    emu = await startFutures({ usd: 10_000 });
    const api = tradingOn(emu);
    await api.markets();
    const price = solPriceAt(NOW);
    const post = await rejection(() =>
      api.addOrder({
        symbol: 'SOL/USD',
        side: 'buy',
        type: 'limit',
        postOnly: true,
        volume: '1',
        price: String(price + 1),
        leverage: 2,
        reduceOnly: false,
        clientId: 'c-post',
      }),
    );
    expect(post).toBeInstanceOf(OrderRejectedError);
    expect((post as Error).message).toMatch(/postWouldExecute/);

    // The same order twice: the second is refused, its cliOrdId is taken.
    const resting = {
      symbol: 'SOL/USD',
      side: 'buy',
      type: 'limit',
      volume: '1',
      price: String(price - 5),
      leverage: 2,
      reduceOnly: false,
      clientId: 'c-rest',
    } as const;
    await api.addOrder(resting);
    const again = await rejection(() => api.addOrder(resting));
    expect(again).toBeInstanceOf(DuplicateOrderError);

    const sends = emu.requestsTo('private/sendorder').length;
    const tooHigh = await rejection(() =>
      api.addOrder({ symbol: 'SOL/USD', side: 'buy', type: 'market', volume: '1', leverage: 1000, reduceOnly: false, clientId: 'c-lev' }),
    );
    expect(tooHigh).toBeInstanceOf(OrderRejectedError);
    expect((tooHigh as Error).message).toMatch(/was not sent.*1000x/);
    expect(emu.requestsTo('private/sendorder').length).toBe(sends);

    const wrongKey = await rejection(() => tradingOn(emu as KrakenFuturesEmulator, Buffer.from('another secret').toString('base64')).balances());
    expect(wrongKey).toBeInstanceOf(FatalError);
    expect((wrongKey as FatalError).hint).toMatch(/KRAKEN_FUTURES_API_KEY/);
  });
});
