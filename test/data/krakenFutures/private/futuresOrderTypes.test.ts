import { BadRequest, ExchangeError, InsufficientFunds, OrderImmediatelyFillable, OrderNotFillable } from 'ccxt';
import { afterEach, describe, expect, test } from 'vitest';
import type { KrakenFuturesEmulator } from '../../../support/krakenFutures/index.js';
import { HOUR, idOf, signedFuturesClient, solPrints, startFutures, T0 } from './futuresFixture.js';

const SOL = 'SOL/USD:USD';

describe('Kraken Futures order types on the emulator, through ccxt krakenfutures', () => {
  let emu: KrakenFuturesEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('a reduce-only stop (stp) waits for its trigger, then closes the position at the print that crossed it', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    await client.createOrder(SOL, 'market', 'buy', 10);
    const stop = await client.createOrder(SOL, 'market', 'sell', 10, undefined, { stopLossPrice: 91, clientOrderId: 'stop-1' });
    expect(emu.requestsTo('private/sendorder').at(-1)?.params).toMatchObject({ orderType: 'stp', stopPrice: '91', reduceOnly: 'true' });
    expect(stop).toMatchObject({ status: 'open', triggerPrice: 91, reduceOnly: true });
    const [open] = await client.fetchOpenOrders();
    expect(open?.info).toMatchObject({ orderType: 'stop', stopPrice: 91, cliOrdId: 'stop-1', reduceOnly: true });

    const cross = solPrints(10).find((t) => t.price <= 91);
    if (!cross) throw new Error('the scripted dip never reaches 91');
    emu.setNow(cross.ms);
    expect(await client.fetchPositions()).toEqual([]);
    const fills = await client.fetchMyTrades();
    expect(fills.at(-1)).toMatchObject({ order: idOf(stop), side: 'sell', price: cross.price, amount: 10, takerOrMaker: 'taker', timestamp: cross.ms });
    expect(emu.exchange.account.fills.at(-1)?.realizedPnl).toBeCloseTo((cross.price - 100) * 10, 10);
  });

  test('a take_profit triggers on the rally; a stop with a limit rests at its limit once triggered', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    await client.createOrder(SOL, 'market', 'buy', 10);
    const takeProfit = await client.createOrder(SOL, 'market', 'sell', 4, undefined, { takeProfitPrice: 105 });
    expect(emu.requestsTo('private/sendorder').at(-1)?.params).toMatchObject({ orderType: 'take_profit', stopPrice: '105', reduceOnly: 'true' });
    // A buy stop-limit: triggered by bar 11's 96 on the way up, then resting at 94 until bar 11's 93.5 reaches it.
    const stopLimit = await client.createOrder(SOL, 'limit', 'buy', 1, 94, { triggerPrice: 96 });
    const trigger = solPrints(11).find((t) => t.price >= 96);
    const reach = solPrints(11).find((t) => trigger && t.ms > trigger.ms && t.price <= 94);
    const rally = solPrints(12).find((t) => t.price >= 105);
    if (!trigger || !reach || !rally) throw new Error('the scripted path does not trigger these orders');
    emu.setNow(reach.ms - 1);
    expect(emu.exchange.account.orders.get(idOf(stopLimit))).toMatchObject({ triggered: true, filled: 0, status: 'open' });
    emu.setNow(rally.ms);
    const [position] = await client.fetchPositions();
    expect(position).toMatchObject({ side: 'long', contracts: 10 - 4 + 1 });
    const fills = await client.fetchMyTrades();
    expect(fills.slice(1).map((f) => [f.order, f.side, f.price, f.amount, f.takerOrMaker])).toEqual([
      [idOf(stopLimit), 'buy', 94, 1, 'maker'],
      [idOf(takeProfit), 'sell', rally.price, 4, 'taker'],
    ]);
    expect(await client.fetchOpenOrders()).toEqual([]);
  });

  test('post-only: refused when it would take (OrderImmediatelyFillable), else rests and fills only when a print trades through it', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    await expect(client.createOrder(SOL, 'limit', 'buy', 1, 100.5, { postOnly: true })).rejects.toBeInstanceOf(OrderImmediatelyFillable);
    const post = await client.createOrder(SOL, 'limit', 'buy', 1, 99, { postOnly: true });
    expect(emu.requestsTo('private/sendorder').at(-1)?.params['orderType']).toBe('post');
    expect(post).toMatchObject({ status: 'open', postOnly: true });
    // Bar 7 prints 99 (at the limit, not through it): still resting; bar 10's 95.25 trades through.
    emu.setNow(T0 + 8 * HOUR);
    expect((await client.fetchOpenOrders()).map((o) => o.id)).toEqual([idOf(post)]);
    emu.setNow(T0 + 10.6 * HOUR);
    expect(await client.fetchOpenOrders()).toEqual([]);
    expect((await client.fetchMyTrades())[0]).toMatchObject({ price: 99, takerOrMaker: 'maker' });
  });

  test('refusals come in sendStatus as ccxt knows them: ioc, reduce-only, insufficient funds; a bad size or price is InvalidOrder', async () => {
    emu = await startFutures({ usd: 1_000 });
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    await expect(client.createOrder(SOL, 'limit', 'buy', 1, 90, { timeInForce: 'ioc' })).rejects.toBeInstanceOf(OrderNotFillable);
    await expect(client.createOrder(SOL, 'market', 'sell', 1, undefined, { reduceOnly: true })).rejects.toThrow(/wouldNotReducePosition/);
    await expect(client.createOrder(SOL, 'market', 'buy', 600)).rejects.toBeInstanceOf(InsufficientFunds);
    await expect(client.createOrder(SOL, 'limit', 'buy', 1, 95, { limitPrice: '95.001' })).rejects.toThrow(/invalidPrice/);
    expect(emu.exchange.account.orders.size).toBe(0);
    const ioc = await client.createOrder(SOL, 'limit', 'buy', 1, 101, { timeInForce: 'ioc' });
    expect(ioc).toMatchObject({ status: 'closed', filled: 1 });
    await expect(client.createOrder(SOL, 'market', 'buy', 1, undefined, { reduceOnly: true })).rejects.toBeInstanceOf(ExchangeError);
  });

  test('leverage preferences: isolated margin at the set leverage, read back; above the contract maximum is refused', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    await client.setLeverage(5, SOL);
    expect(emu.requestsTo('private/leveragepreferences').at(-1)).toMatchObject({ method: 'PUT', params: { symbol: 'PF_SOLUSD', maxLeverage: '5' } });
    expect(await client.fetchLeverage(SOL)).toMatchObject({ symbol: SOL, longLeverage: 5 });
    await client.createOrder(SOL, 'market', 'sell', 10);
    const [position] = await client.fetchPositions();
    expect(position).toMatchObject({ side: 'short', leverage: 5, marginType: 'isolated' });
    expect(emu.exchange.account.positions.all()[0]?.margin).toBeCloseTo((10 * 100) / 5, 10);
    await expect(client.setLeverage(51, SOL)).rejects.toBeInstanceOf(BadRequest);
  });

  test('editorder moves a resting limit; cancelallorders cancels what is open', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    const order = await client.createOrder(SOL, 'limit', 'buy', 2, 90);
    await client.editOrder(idOf(order), SOL, 'limit', 'buy', 3, 92);
    expect(emu.exchange.account.orders.get(idOf(order))).toMatchObject({ size: 3, limitPrice: 92 });
    await client.createOrder(SOL, 'limit', 'sell', 1, 120);
    await client.cancelAllOrders();
    expect(await client.fetchOpenOrders()).toEqual([]);
  });
});
