import { InsufficientFunds, InvalidOrder, OrderNotFound } from 'ccxt';
import { afterEach, describe, expect, test } from 'vitest';
import { DEFAULT_MARKETS, type KrakenEmulator } from '../../../support/kraken/index.js';
import { firstSolPrint, HOUR, signedClient, solPriceAt, startAccount, T0, txidOf } from './privateFixture.js';

const NOW = T0 + 5.5 * HOUR;
const TXID = /^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/;

describe("the Kraken emulator's private endpoints, driven by the real ccxt client", () => {
  let emu: KrakenEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('fetchBalance: BalanceEx gives each asset its total, and open orders hold part of it', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000, SOL: 10 } });
    const client = signedClient(emu);
    await client.createOrder('SOL/USD', 'limit', 'buy', 2, 95);
    await client.createOrder('SOL/USD', 'limit', 'sell', 1, 105);
    const balance = await client.fetchBalance();
    expect(balance['USD']).toMatchObject({ total: 10_000 });
    // A buy holds its cost plus the taker fee it could pay; a sell holds the base asset.
    expect(balance['USD']?.used).toBeCloseTo(2 * 95 * 1.0026, 4);
    expect(balance['SOL']).toMatchObject({ total: 10, used: 1, free: 9 });
    expect(emu.requestsTo('private/BalanceEx')).toHaveLength(1);
  });

  test('createOrder + fetchOrder: a market buy fills at the last tape print with the taker fee', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    const price = solPriceAt(NOW);
    const created = await client.createOrder('SOL/USD', 'market', 'buy', 1.25, undefined, { clientOrderId: 'entry-1' });
    // ccxt knows only what the descr sentence says.
    expect(created).toMatchObject({ side: 'buy', amount: 1.25, type: 'market', symbol: 'SOL/USD' });
    expect(created.id).toMatch(TXID);
    expect(created.info).toEqual({ descr: { order: 'buy 1.25000000 SOLUSD @ market' }, txid: [created.id] });

    const order = await client.fetchOrder(txidOf(created));
    expect(order).toMatchObject({
      id: created.id,
      clientOrderId: 'entry-1',
      status: 'closed',
      side: 'buy',
      amount: 1.25,
      filled: 1.25,
      remaining: 0,
      average: price,
      timestamp: NOW,
    });
    expect(order.fee).toEqual({ cost: '0.32500', currency: 'USD', rate: undefined });
    expect(order.trades).toHaveLength(1);

    const balance = await client.fetchBalance();
    expect(balance['USD']?.total).toBeCloseTo(10_000 - 1.25 * price * 1.0026, 4);
    expect(balance['SOL']?.total).toBe(11.25);
  });

  test('with slippageBps, market orders fill that much worse than the print', async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000, SOL: 10 }, slippageBps: 10 });
    const client = signedClient(emu);
    const price = solPriceAt(NOW);
    const buy = await client.fetchOrder(txidOf(await client.createOrder('SOL/USD', 'market', 'buy', 1)));
    const sell = await client.fetchOrder(txidOf(await client.createOrder('SOL/USD', 'market', 'sell', 1)));
    expect(buy.average).toBeCloseTo(price * 1.001, 5);
    expect(sell.average).toBeCloseTo(price * 0.999, 5);
  });

  test('fetchOpenOrders: a limit rests, then fills at its own price as maker when the tape reaches it', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    const placed = await client.createOrder('SOL/USD', 'limit', 'buy', 2, 95, { clientOrderId: 'dip-buy' });
    expect(placed).toMatchObject({ side: 'buy', type: 'limit', price: 95, amount: 2 });

    emu.setNow(T0 + 9.9 * HOUR);
    const open = await client.fetchOpenOrders('SOL/USD');
    expect(open.map((o) => [o.id, o.status, o.filled, o.price, o.clientOrderId])).toEqual([[placed.id, 'open', 0, 95, 'dip-buy']]);

    // The dip at 10:00 goes through 95 (the print is lower: a resting limit still fills at 95).
    const cross = firstSolPrint(NOW, (p) => p <= 95);
    emu.setNow(cross.ms);
    expect(await client.fetchOpenOrders()).toEqual([]);
    const order = await client.fetchOrder(txidOf(placed));
    expect(order).toMatchObject({ status: 'closed', filled: 2, average: 95, lastUpdateTimestamp: cross.ms });
    expect(Number(order.fee?.cost)).toBeCloseTo(2 * 95 * 0.0016, 5);
    const [trade] = await client.fetchMyTrades('SOL/USD');
    expect(trade).toMatchObject({ order: placed.id, side: 'buy', type: 'limit', price: 95, amount: 2, takerOrMaker: 'maker', timestamp: cross.ms });
  });

  test('cancelOrder: by txid or clientOrderId; releases the hold; unknown or closed orders are OrderNotFound', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    const a = await client.createOrder('SOL/USD', 'limit', 'buy', 2, 95);
    await client.createOrder('SOL/USD', 'limit', 'buy', 1, 94, { clientOrderId: 'second' });
    await client.cancelOrder(txidOf(a));
    await client.cancelOrder('', undefined, { clientOrderId: 'second' });
    expect(emu.requestsTo('private/CancelOrder').at(-1)?.params).toMatchObject({ cl_ord_id: 'second' });
    expect((await client.fetchBalance())['USD']).toMatchObject({ used: 0, free: 10_000 });

    const closed = await client.fetchClosedOrders();
    expect(closed.map((o) => [o.status, o.filled, o.info['reason']])).toEqual([
      ['canceled', 0, 'User requested'],
      ['canceled', 0, 'User requested'],
    ]);
    await expect(client.cancelOrder(txidOf(a))).rejects.toBeInstanceOf(OrderNotFound);
    await expect(client.cancelOrder('OAAAAA-BBBBB-CCCCCC')).rejects.toThrow(/EOrder:Unknown order/);
  });

  test('fetchClosedOrders: since in seconds, until in ms; fetchMyTrades since', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    const times = [NOW, NOW + HOUR, NOW + 2 * HOUR];
    const ids: string[] = [];
    for (const t of times) {
      emu.setNow(t);
      ids.push(txidOf(await client.createOrder('SOL/USD', 'market', 'sell', 0.5)));
    }
    // Kraken lists the newest first; ccxt sorts by time.
    const raw = (await client.privatePostClosedOrders()) as { result: { closed: Record<string, unknown>; count: number } };
    expect(Object.keys(raw.result.closed)).toEqual([...ids].reverse());
    expect(raw.result.count).toBe(3);
    const all = await client.fetchClosedOrders('SOL/USD');
    expect(all.map((o) => o.id)).toEqual(ids);
    const some = await client.fetchClosedOrders('SOL/USD', NOW + 30 * 60_000, undefined, { until: NOW + HOUR });
    expect(some.map((o) => o.id)).toEqual([ids[1]]);
    expect(emu.requestsTo('private/ClosedOrders').at(-1)?.params).toMatchObject({ start: String((NOW + 30 * 60_000) / 1000), end: String(NOW + HOUR) });

    const trades = await client.fetchMyTrades('SOL/USD', NOW + 30 * 60_000);
    expect(trades.map((t) => t.order)).toEqual([ids[1], ids[2]]);
    expect(trades.every((t) => t.takerOrMaker === 'taker' && t.fee?.currency === 'USD')).toBe(true);
  });

  test('QueryOrders and QueryTrades by id; an unknown txid is an invalid order', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    const a = await client.createOrder('SOL/USD', 'market', 'buy', 1);
    const b = await client.createOrder('SOL/USD', 'limit', 'sell', 1, 120);
    const both = await client.fetchOrdersByIds([txidOf(a), txidOf(b)]);
    expect(both.map((o) => [o.id, o.status])).toEqual([
      [a.id, 'closed'],
      [b.id, 'open'],
    ]);
    const order = await client.fetchOrder(txidOf(a));
    const trades = await client.fetchOrderTrades(txidOf(a), 'SOL/USD', undefined, undefined, { trades: order.trades });
    expect(trades).toMatchObject([{ order: a.id, amount: 1, side: 'buy' }]);
    await expect(client.fetchOrder('OAAAAA-BBBBB-CCCCCC')).rejects.toBeInstanceOf(InvalidOrder);
  });

  test('margin: a leveraged sell opens a short without touching SOL; closing it settles the profit in USD', async () => {
    emu = await startAccount({ balances: { ZUSD: 1000 }, marginFees: false });
    const client = signedClient(emu);
    const openAt = T0 + 10.5 * HOUR;
    emu.setNow(openAt);
    const entry = solPriceAt(openAt);
    const created = await client.createOrder('SOL/USD', 'market', 'sell', 3, undefined, { leverage: 3 });
    expect(created.info['descr']).toEqual({ order: 'sell 3.00000000 SOLUSD @ market with 3:1 leverage' });

    const [position] = await client.fetchPositions();
    expect(position).toMatchObject({ symbol: 'SOL/USD', side: 'short', contracts: 3, leverage: 3, initialMargin: entry });
    const tb = (await client.privatePostTradeBalance()) as { result: Record<string, string> };
    expect(Number(tb.result['m'])).toBeCloseTo(entry, 4);
    const openFee = 3 * entry * 0.0026;
    expect(Number(tb.result['tb'])).toBeCloseTo(1000 - openFee, 4);
    expect((await client.fetchBalance())['SOL']).toBeUndefined();

    const closeAt = T0 + 12.99 * HOUR;
    emu.setNow(closeAt);
    const exit = solPriceAt(closeAt);
    await client.createOrder('SOL/USD', 'market', 'buy', 3, undefined, { leverage: 3, reduceOnly: true });
    expect(await client.fetchPositions()).toEqual([]);
    const closeFee = 3 * exit * 0.0026;
    expect((await client.fetchBalance())['USD']?.total).toBeCloseTo(1000 + (entry - exit) * 3 - openFee - closeFee, 4);
    const trades = await client.fetchMyTrades();
    expect(trades.map((t) => [t.side, t.info['misc'], t.info['margin']])).toEqual([
      ['sell', '', entry.toFixed(5)],
      ['buy', 'closing', entry.toFixed(5)],
    ]);
  });

  test.each([
    ['below ordermin', 'market', 'buy', 0.01, undefined, {}, InvalidOrder, /EOrder:Order minimum not met/],
    ['a limit without a price', 'limit', 'buy', 1, undefined, {}, InvalidOrder, /EGeneral:Invalid arguments:price/],
    ['more USD than the account has', 'market', 'buy', 1000, undefined, {}, InsufficientFunds, /EOrder:Insufficient funds/],
    ['more SOL than the account has', 'limit', 'sell', 11, 120, {}, InsufficientFunds, /EOrder:Insufficient funds/],
    ['a leverage the pair does not offer', 'market', 'sell', 1, undefined, { leverage: 5 }, Error, /EOrder:Invalid leverage/],
    ['a position beyond the free margin', 'market', 'sell', 500, undefined, { leverage: 2 }, Error, /EOrder:Insufficient margin/],
    ['reduce-only without a position', 'market', 'buy', 1, undefined, { leverage: 2, reduceOnly: true }, Error, /EOrder:Reduce only:Non-PC/],
    [
      'a clientOrderId Kraken cannot take',
      'market',
      'buy',
      1,
      undefined,
      { clientOrderId: 'nineteen-characters' },
      Error,
      /EGeneral:Invalid arguments:cl_ord_id/,
    ],
  ] as const)('refuses %s, books nothing', async (_name, type, side, amount, price, params, error, message) => {
    emu = await startAccount();
    const client = signedClient(emu);
    const err = await client.createOrder('SOL/USD', type, side, amount, price, { ...params }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(error);
    expect(String(err)).toMatch(message);
    expect(emu.exchange.account.orders.size).toBe(0);
    expect((await client.fetchBalance())['USD']).toMatchObject({ total: 10_000, used: 0 });
  });

  test('refuses an order below costmin', async () => {
    emu = await startAccount(undefined, { markets: DEFAULT_MARKETS.map((m) => (m.id === 'SOLUSD' ? { ...m, costmin: '5' } : m)) });
    await expect(signedClient(emu).createOrder('SOL/USD', 'market', 'buy', 0.03)).rejects.toThrow(/EOrder:Cost minimum not met/);
  });

  test('a clientOrderId is unique among open orders only', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    const first = await client.createOrder('SOL/USD', 'limit', 'buy', 1, 90, { clientOrderId: 'once' });
    await expect(client.createOrder('SOL/USD', 'limit', 'buy', 1, 91, { clientOrderId: 'once' })).rejects.toThrow(/EOrder:Duplicate order/);
    await client.cancelOrder(txidOf(first));
    await expect(client.createOrder('SOL/USD', 'limit', 'buy', 1, 91, { clientOrderId: 'once' })).resolves.toMatchObject({ price: 91 });
  });

  test("a leveraged stop-loss: ccxt cannot parse the answer's sentence and throws, although the order is booked", async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    await client.createOrder('SOL/USD', 'market', 'sell', 2, undefined, { leverage: 2 });
    // "... @ stop loss 110.00 with 2:1 leverage": ccxt reads word 9 ("leverage") as a limit price.
    const err = await client
      .createOrder('SOL/USD', 'market', 'buy', 2, undefined, { stopLossPrice: 110, leverage: 2, clientOrderId: 'guard' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyntaxError);
    const [booked] = await client.fetchOpenOrders(undefined, undefined, undefined, { clientOrderId: 'guard' });
    expect(booked?.info['descr']).toMatchObject({ order: 'buy 2.00000000 SOLUSD @ stop loss 110.00 with 2:1 leverage', leverage: '2:1' });
    expect(booked).toMatchObject({ stopLossPrice: 110, amount: 2, status: 'open' });
  });

  test("a post-only limit that would take is refused with Kraken's error and booked nowhere; one at the touch rests", async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    const last = solPriceAt(NOW);
    await expect(client.createOrder('SOL/USD', 'limit', 'buy', 1, last + 1, { postOnly: true })).rejects.toThrow(/EOrder:Post only order/);
    await expect(client.createOrder('SOL/USD', 'limit', 'sell', 1, last - 1, { postOnly: true })).rejects.toThrow(/EOrder:Post only order/);
    expect(emu.exchange.account.orders.size).toBe(0);
    expect(emu.requestsTo('private/AddOrder').map((r) => r.params['oflags'])).toEqual(['post', 'post']);

    const touch = await client.createOrder('SOL/USD', 'limit', 'buy', 1, last, { postOnly: true });
    expect(await client.fetchOrder(txidOf(touch))).toMatchObject({ status: 'open', filled: 0, postOnly: true });
  });

  test('a resting post-only limit fills only once a print trades through its price, at its price, as maker', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    // The 10:00 bar dips to 90 (SYNTHETIC): a buy at exactly 90 is only touched, one at 90.01 is traded through.
    emu.setNow(T0 + 9.5 * HOUR);
    const touched = await client.createOrder('SOL/USD', 'limit', 'buy', 1, 90, { postOnly: true });
    const through = await client.createOrder('SOL/USD', 'limit', 'buy', 1, 90.01, { postOnly: true });
    emu.setNow(T0 + 11 * HOUR);
    const [a, b] = await client.fetchOrdersByIds([txidOf(touched), txidOf(through)]);
    expect(a).toMatchObject({ status: 'open', filled: 0 });
    expect(b).toMatchObject({ status: 'closed', filled: 1, average: 90.01 });
    const [trade] = await client.fetchMyTrades('SOL/USD');
    expect(trade).toMatchObject({ price: 90.01, takerOrMaker: 'maker' });
    expect(Number(trade?.fee?.cost)).toBeCloseTo(90.01 * 0.0016, 5);
  });

  test('the same seed and the same requests give the same txids', async () => {
    const ids = async (seed: number) => {
      const e = await startAccount({ balances: { ZUSD: 10_000 }, seed });
      try {
        const client = signedClient(e);
        return [txidOf(await client.createOrder('SOL/USD', 'market', 'buy', 1)), txidOf(await client.createOrder('SOL/USD', 'limit', 'buy', 1, 90))];
      } finally {
        await e.close();
      }
    };
    const first = await ids(7);
    expect(await ids(7)).toEqual(first);
    expect(await ids(8)).not.toEqual(first);
  });
});
