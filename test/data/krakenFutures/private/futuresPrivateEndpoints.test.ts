import { AuthenticationError, DuplicateOrderId, OrderNotFound } from 'ccxt';
import { afterEach, describe, expect, test } from 'vitest';
import { futuresAuthent, type KrakenFuturesEmulator } from '../../../support/krakenFutures/index.js';
import { API_KEY, HOUR, idOf, SECRET, signedFuturesClient, solPriceAt, solPrints, startFutures, T0 } from './futuresFixture.js';

const NOW = T0 + 5.5 * HOUR;
const SOL = 'SOL/USD:USD';

describe('the Kraken Futures private endpoints, through ccxt krakenfutures', () => {
  let emu: KrakenFuturesEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('a request signed with another secret or key is refused with authenticationError and books nothing', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    client.secret = Buffer.from('not the secret').toString('base64');
    await expect(client.createOrder(SOL, 'limit', 'buy', 1, 90)).rejects.toBeInstanceOf(AuthenticationError);
    client.secret = SECRET;
    client.apiKey = 'someone-else';
    await expect(client.fetchBalance()).rejects.toBeInstanceOf(AuthenticationError);
    expect(emu.exchange.account.orders.size).toBe(0);
    expect(emu.requestsTo('private/sendorder')[0]?.error).toBe('authenticationError');
  });

  test('the signature is checked exactly as ccxt makes it: SHA-256 of query + nonce + path from /api/, HMAC-SHA512 with the secret', async () => {
    emu = await startFutures();
    const query = 'symbol=PF_SOLUSD';
    const path = '/api/v3/leveragepreferences';
    const get = (authent: string, nonce?: string) =>
      fetch(`${emu?.url}/derivatives${path}?${query}`, { headers: { APIKey: API_KEY, Authent: authent, ...(nonce && { Nonce: nonce }) } });
    expect((await get(futuresAuthent(query, '', path, SECRET))).status).toBe(200);
    expect((await get(futuresAuthent(query, '17', path, SECRET), '17')).status).toBe(200);
    const wrongPath = await get(futuresAuthent(query, '', `/derivatives${path}`, SECRET));
    expect(wrongPath.status).toBe(401);
    expect(await wrongPath.json()).toMatchObject({ result: 'error', error: 'authenticationError' });
  });

  test('a limit order rests, is found by cliOrdId and by id, is cancelled once; its cliOrdId is never taken again', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    const placed = await client.createOrder(SOL, 'limit', 'buy', 2.5, 95, { clientOrderId: 'entry-1' });
    expect(placed).toMatchObject({ status: 'open', clientOrderId: 'entry-1', amount: 2.5, filled: 0, symbol: SOL });
    const id = idOf(placed);

    const open = await client.fetchOpenOrders(SOL);
    expect(open.map((o) => [o.id, o.clientOrderId, o.side, o.amount, o.remaining, o.status])).toEqual([[id, 'entry-1', 'buy', 2.5, 2.5, 'open']]);
    expect(open[0]?.info).toMatchObject({ limitPrice: 95 });
    const [byCliOrdId] = await client.fetchOrders(undefined, undefined, undefined, { cliOrdIds: 'entry-1' });
    expect(byCliOrdId).toMatchObject({ id, clientOrderId: 'entry-1', status: 'open', amount: 2.5, filled: 0 });
    expect(await client.fetchOrder(id)).toMatchObject({ id, clientOrderId: 'entry-1', status: 'open' });
    // ccxt writes an array parameter as cliOrdIds[0]=...: refused loudly, never read as "no such order".
    await expect(client.fetchOrders(undefined, undefined, undefined, { cliOrdIds: ['entry-1'] })).rejects.toThrow(/invalidArgument/);

    const cancelled = await client.cancelOrder(id);
    expect(cancelled).toMatchObject({ id, status: 'canceled' });
    await expect(client.cancelOrder(id)).rejects.toBeInstanceOf(OrderNotFound);
    expect(await client.fetchOpenOrders()).toEqual([]);
    await expect(client.createOrder(SOL, 'limit', 'buy', 1, 95, { clientOrderId: 'entry-1' })).rejects.toBeInstanceOf(DuplicateOrderId);
    expect(emu.exchange.account.orders.size).toBe(1);
  });

  test('a market order fills at the last print as taker: fill, position, fee from the collateral', async () => {
    emu = await startFutures({ usd: 10_000, leverage: { PF_SOLUSD: 10 } });
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    const price = solPriceAt(NOW);
    const order = await client.createOrder(SOL, 'market', 'buy', 10, undefined, { clientOrderId: 'mkt-1' });
    expect(order).toMatchObject({ status: 'closed', filled: 10, average: price, clientOrderId: 'mkt-1' });

    const [fill] = await client.fetchMyTrades(SOL);
    expect(fill).toMatchObject({ order: idOf(order), side: 'buy', price, amount: 10, takerOrMaker: 'taker' });
    expect(fill?.info).toMatchObject({ cliOrdId: 'mkt-1', fillType: 'taker', fillTime: new Date(NOW).toISOString() });
    const fee = 10 * price * 0.0005;
    expect(emu.exchange.account.fills[0]?.fee).toBeCloseTo(fee, 10);

    const [position] = await client.fetchPositions();
    expect(position).toMatchObject({ symbol: SOL, side: 'long', contracts: 10, entryPrice: price, leverage: 10, marginType: 'isolated' });
    const balance = await client.fetchBalance();
    expect(balance['USD']?.total).toBeCloseTo(10_000 - fee, 8);
    // Isolated at 10x: a tenth of the value is set aside.
    expect(balance['USD']?.free).toBeCloseTo(10_000 - fee - (10 * price) / 10, 8);
  });

  test('a resting limit fills as maker when a later print reaches it; orders/status reports it for 5 s, fills keep it', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    const order = await client.createOrder(SOL, 'limit', 'buy', 4, 95, { clientOrderId: 'dip-1' });
    const through = solPrints(10).find((t) => t.price <= 95);
    if (!through) throw new Error('the scripted dip never reaches 95');
    emu.setNow(through.ms);
    const [status] = await client.fetchOrders(undefined, undefined, undefined, { cliOrdIds: 'dip-1' });
    expect(status).toMatchObject({ id: idOf(order), status: 'closed', filled: 4 });
    expect(status?.info).toMatchObject({ status: 'FULLY_EXECUTED' });
    const [fill] = await client.fetchMyTrades();
    expect(fill).toMatchObject({ price: 95, amount: 4, takerOrMaker: 'maker', timestamp: through.ms });
    expect(emu.exchange.account.balance).toBeCloseTo(10_000 - 4 * 95 * 0.0002, 10);

    emu.setNow(through.ms + 5001);
    expect(await client.fetchOrders(undefined, undefined, undefined, { cliOrdIds: 'dip-1' })).toEqual([]);
    expect((await client.fetchMyTrades()).map((t) => t.order)).toEqual([idOf(order)]);
  });

  test('accounts: the flex account with balance, portfolio value, margins and unrealised P&L at the last print', async () => {
    emu = await startFutures({ usd: 5_000 });
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    await client.createOrder(SOL, 'market', 'sell', 20);
    const entry = solPriceAt(NOW);
    const later = T0 + 12.9 * HOUR;
    emu.setNow(later);
    const balance = await client.fetchBalance();
    const flex = (balance.info as { accounts: { flex: Record<string, number> } }).accounts.flex;
    const at = (key: string): number => flex[key] ?? NaN;
    const mark = solPriceAt(later);
    const pnl = (entry - mark) * 20;
    expect(at('pnl')).toBeCloseTo(pnl, 6);
    // Cross margin (no leverage preference): SOL's first level, 2% initial and 1% maintenance of the value.
    expect(at('initialMargin')).toBeCloseTo(0.02 * 20 * mark, 6);
    expect(at('maintenanceMargin')).toBeCloseTo(0.01 * 20 * mark, 6);
    expect(at('portfolioValue')).toBeCloseTo(at('balanceValue') + pnl + at('unrealizedFunding'), 6);
    expect(at('availableMargin')).toBeCloseTo(at('balanceValue') + pnl + at('unrealizedFunding') - at('initialMargin'), 6);
    expect(balance['USD']?.total).toBe(at('balanceValue'));
  });
});
