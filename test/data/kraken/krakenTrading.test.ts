import { afterEach, describe, expect, test } from 'vitest';
import { createKrakenClient } from '../../../src/data/kraken/krakenClient.js';
import { KrakenTrading } from '../../../src/data/kraken/krakenTrading.js';
import { DuplicateOrderError, errorPolicy } from '../../../src/internal/errors.js';
import { strictlyIncreasingNonce } from '../../../src/data/kraken/privateCallQueue.js';
import { RetryableError } from '../../../src/internal/errors.js';
import { MALFORMED_BODIES, type KrakenEmulator } from '../../support/kraken/index.js';
import { API_KEY, HOUR, SECRET, startAccount, T0 } from './private/privateFixture.js';

const NOW = T0 + 5.5 * HOUR;

function trading(emu: KrakenEmulator, timeoutMs = 2000, options: Record<string, unknown> = {}): KrakenTrading {
  const client = createKrakenClient({ apiUrl: emu.url, timeoutMs, enableRateLimit: false });
  Object.assign(client.options, options);
  return new KrakenTrading(client, { apiKey: API_KEY, secret: SECRET, wallClock: Date.now });
}

async function ready(emu: KrakenEmulator, timeoutMs?: number, options?: Record<string, unknown>): Promise<KrakenTrading> {
  const t = trading(emu, timeoutMs, options);
  await t.markets();
  return t;
}

const limitBuy = (clientId: string, price = '90') =>
  ({ symbol: 'SOL/USD', side: 'buy', type: 'limit', volume: '1.00000000', price, leverage: 2, reduceOnly: false, clientId }) as const;

describe('KrakenTrading: the private API through the real ccxt client', () => {
  let emu: KrakenEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('markets carry what orders are checked against: pair id, lot and price decimals, ordermin, costmin, leverage levels', async () => {
    emu = await startAccount();
    const markets = await trading(emu).markets();
    expect(markets.find((m) => m.symbol === 'SOL/USD')).toEqual({
      symbol: 'SOL/USD',
      base: 'SOL',
      quote: 'USD',
      pricePrecision: 2,
      amountPrecision: 8,
      minAmount: 0.02,
      minCost: 0.5,
      maxLeverage: 3,
      pairId: 'SOLUSD',
      leverageBuy: [2, 3],
      leverageSell: [2, 3],
    });
    expect(markets.find((m) => m.symbol === 'ETH/USD')).toMatchObject({ pairId: 'XETHZUSD', maxLeverage: 5, leverageSell: [2, 3, 4, 5] });
  });

  test("orders, fills, balances and positions come back validated and in the bot's terms", async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000, SOL: 10 } });
    const t = await ready(emu);
    const resting = await t.addOrder(limitBuy('a-limit'));
    expect(resting.description).toBe('buy 1.00000000 SOLUSD @ limit 90.00 with 2:1 leverage');
    const market = await t.addOrder({ symbol: 'ETH/USD', side: 'sell', type: 'market', volume: '0.5', leverage: 4, reduceOnly: false, clientId: 'a-market' });

    expect(await t.openOrders()).toMatchObject([
      {
        txid: resting.txid,
        clientId: 'a-limit',
        symbol: 'SOL/USD',
        side: 'buy',
        type: 'limit',
        status: 'open',
        volume: 1,
        filled: 0,
        price: 90,
        leverage: 2,
        reduceOnly: false,
      },
    ]);
    expect(await t.openOrders('nobody')).toEqual([]);
    const [closed] = await t.closedOrders({ clientId: 'a-market' });
    expect(closed).toMatchObject({ txid: market.txid, symbol: 'ETH/USD', status: 'closed', volume: 0.5, filled: 0.5, leverage: 4, openTime: NOW });
    expect((await t.queryOrders([market.txid, resting.txid])).map((o) => o.txid)).toEqual([market.txid, resting.txid]);

    const [fill] = await t.tradesSince(NOW - HOUR);
    expect(fill).toMatchObject({ orderTxid: market.txid, symbol: 'ETH/USD', side: 'sell', volume: 0.5, leverage: 4, closing: false, maker: false, time: NOW });
    expect(fill?.margin).toBeCloseTo(((fill?.price ?? 0) * 0.5) / 4, 4);
    expect(closed?.tradeIds).toEqual([fill?.id]);

    const balances = await t.balances();
    expect([...balances.keys()].sort()).toEqual(['SOL', 'USD']);
    // Margin settles only the fee and the margin opening fee (0.02% of the ETH lent) in USD; a margin order holds nothing.
    expect(balances.get('USD')?.total).toBeCloseTo(10_000 - (fill?.fee ?? 0) - 0.5 * (fill?.price ?? 0) * 0.0002, 4);
    expect(balances.get('USD')?.hold).toBe(0);
    expect(await t.openPositions()).toMatchObject([{ symbol: 'ETH/USD', side: 'sell', volume: 0.5 }]);
    await t.cancelOrder(resting.txid);
    expect(await t.openOrders()).toEqual([]);
  });

  test('fill history is paged (50 a page, newest first) and returned whole, oldest first', async () => {
    emu = await startAccount({ balances: { ZUSD: 100_000 } });
    const t = await ready(emu);
    for (let i = 0; i < 56; i++) {
      emu.setNow(NOW + i * 1000);
      await t.addOrder({ symbol: 'SOL/USD', side: 'buy', type: 'market', volume: '0.02', reduceOnly: false, clientId: `m${i}` });
    }
    const trades = await t.tradesSince(NOW - 1000);
    expect(trades).toHaveLength(56);
    expect(trades.map((x) => x.time)).toEqual(Array.from({ length: 56 }, (_, i) => NOW + i * 1000));
    expect(emu.requestsTo('private/TradesHistory').map((r) => r.params['ofs'])).toEqual(['0', '50']);
    expect(await t.tradesSince(NOW + 50_500)).toHaveLength(5);
  });

  test("every order asks for its fees in the quote (fciq); a post-only one adds post, as ccxt's postOnly: true does", async () => {
    emu = await startAccount({ balances: { ZUSD: 10_000 } });
    const t = await ready(emu);
    await t.addOrder({ symbol: 'SOL/USD', side: 'buy', type: 'market', volume: '1', reduceOnly: false, clientId: 'spot' });
    await t.addOrder({ ...limitBuy('maker'), postOnly: true });
    expect(emu.requestsTo('private/AddOrder').map((r) => [r.params['oflags'], r.params['leverage']])).toEqual([
      ['fciq', undefined],
      ['fciq,post', '2'],
    ]);
    const booked = [...emu.exchange.account.orders.values()];
    expect(booked.map((o) => [o.clOrdId, o.postOnly])).toEqual([
      ['spot', false],
      ['maker', true],
    ]);
  });

  test('the ledger: margin and rollover entries since a time, every page of each type, the asset in unified code, oldest first', async () => {
    emu = await startAccount({ balances: { ZUSD: 100_000 } });
    const t = await ready(emu);
    // 55 short margin positions a minute apart: 55 opening 'margin' entries, and 4 hours on, a rollover each.
    for (let i = 0; i < 55; i++) {
      emu.setNow(NOW + i * 60_000);
      await t.addOrder({ symbol: 'SOL/USD', side: 'sell', type: 'market', volume: '0.1', leverage: 2, reduceOnly: false, clientId: `s${i}` });
    }
    emu.setNow(NOW + 5 * HOUR);
    const entries = await t.ledger({ sinceMs: NOW - 1000, types: ['margin', 'rollover'] });
    expect(entries.filter((e) => e.type === 'margin')).toHaveLength(55);
    expect(entries.filter((e) => e.type === 'rollover')).toHaveLength(55);
    expect(entries.every((e) => e.asset === 'USD' && e.amount === 0 && e.fee > 0)).toBe(true);
    expect(entries.map((e) => e.time)).toEqual([...entries.map((e) => e.time)].sort((a, b) => a - b));
    const trades = new Set(emu.exchange.account.trades.map((x) => x.id));
    expect(entries.every((e) => trades.has(e.refid))).toBe(true);
    expect(emu.requestsTo('private/Ledgers').map((r) => [r.params['type'], r.params['ofs']])).toEqual([
      ['margin', '0'],
      ['margin', '50'],
      ['rollover', '0'],
      ['rollover', '50'],
    ]);
    // Since 4 h 30 min after the first: the rollovers of the 24 positions opened after its 30th minute.
    expect(await t.ledger({ sinceMs: NOW + 4.5 * HOUR, types: ['rollover'] })).toHaveLength(24);
  });

  test.each(['AddOrder', 'OpenOrders', 'ClosedOrders', 'QueryOrders', 'TradesHistory', 'BalanceEx', 'CancelOrder', 'OpenPositions', 'Ledgers'])(
    'a malformed 200 from %s is an error, never an empty result',
    async (route) => {
      emu = await startAccount();
      const t = await ready(emu);
      const { txid } = await t.addOrder(limitBuy('resting'));
      const calls: Record<string, () => Promise<unknown>> = {
        AddOrder: () => t.addOrder(limitBuy('another', '89')),
        OpenOrders: () => t.openOrders(),
        ClosedOrders: () => t.closedOrders({ sinceMs: NOW - HOUR }),
        QueryOrders: () => t.queryOrders([txid]),
        TradesHistory: () => t.tradesSince(NOW - HOUR),
        BalanceEx: () => t.balances(),
        CancelOrder: () => t.cancelOrder(txid),
        OpenPositions: () => t.openPositions(),
        Ledgers: () => t.ledger({ sinceMs: NOW - HOUR, types: ['margin'] }),
      };
      for (const body of MALFORMED_BODIES) {
        emu.fault(`private/${route}`, { body, times: 1 });
        const err = await (calls[route] as () => Promise<unknown>)().catch((e: unknown) => e);
        expect(err, `${route} answered ${JSON.stringify(body)}`).toBeInstanceOf(RetryableError);
        expect((err as Error).message).toMatch(/kraken sent a malformed answer while/);
      }
    },
  );

  test.each([
    [{ status: 500 }, 'retry'],
    [{ status: 502 }, 'retry'],
    [{ status: 503 }, 'retry'],
    [{ status: 504 }, 'retry'],
    [{ status: 429 }, 'retry'],
    [{ error: 'EService:Unavailable' }, 'retry'],
    [{ error: 'EService:Busy' }, 'retry'],
    [{ error: 'EGeneral:Internal error' }, 'retry'],
    [{ error: 'EAPI:Rate limit exceeded' }, 'retry'],
    [{ error: 'EOrder:Rate limit exceeded' }, 'retry'],
    [{ error: 'EGeneral:Temporary lockout' }, 'retry'],
    [{ error: 'EAPI:Invalid nonce' }, 'retry'],
    [{ error: 'EService:Market in cancel_only mode' }, 'retry'],
    [{ error: 'EOrder:Insufficient funds' }, 'skip'],
    [{ error: 'EOrder:Insufficient margin' }, 'skip'],
    [{ error: 'EOrder:Order minimum not met' }, 'skip'],
    [{ error: 'EOrder:Cost minimum not met' }, 'skip'],
    [{ error: 'EOrder:Invalid leverage' }, 'skip'],
    [{ error: 'EGeneral:Invalid arguments:volume' }, 'skip'],
    [{ error: 'EAPI:Invalid key' }, 'stop'],
    [{ error: 'EGeneral:Permission denied' }, 'stop'],
    [{ error: 'EAPI:Invalid signature' }, 'stop'],
  ] as const)('AddOrder answered %j: policy %s', async (fault, policy) => {
    emu = await startAccount();
    const t = await ready(emu);
    emu.fault('private/AddOrder', { ...fault, times: 1 });
    const err = await t.addOrder(limitBuy('x')).catch((e: unknown) => e);
    expect(errorPolicy(err)).toBe(policy);
    expect(emu.exchange.account.orders.size).toBe(0);
  });

  test('a cl_ord_id the exchange already holds is typed by the adapter as a duplicate, not a refusal', async () => {
    emu = await startAccount({ balances: { ZUSD: 100_000 } });
    const t = await ready(emu);
    await t.addOrder(limitBuy('twice'));
    const err = await t.addOrder(limitBuy('twice')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateOrderError);
    expect(emu.exchange.account.orders.size).toBe(1);
  });

  test('parallel calls are serialised with strictly increasing nonces: no EAPI:Invalid nonce', async () => {
    emu = await startAccount({ balances: { ZUSD: 100_000 } });
    const t = await ready(emu);
    emu.fault('private/AddOrder', { delayMs: 30, times: 8 });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => t.addOrder(limitBuy(`p${i}`, String(80 + i)))));
    expect(new Set(results.map((r) => r.txid)).size).toBe(8);
    const adds = emu.requestsTo('private/AddOrder');
    expect(adds.map((r) => r.error)).toEqual(Array(8).fill(undefined));
    const nonces = adds.map((r) => BigInt(r.params['nonce'] ?? '0'));
    expect(nonces.every((n, i) => i === 0 || n > (nonces[i - 1] as bigint))).toBe(true);
    // Serialised: each request arrived only after the previous one had been answered (30 ms later at least).
    expect(adds.every((r, i) => i === 0 || r.time - (adds[i - 1]?.time ?? 0) >= 25)).toBe(true);
    expect(emu.exchange.account.orders.size).toBe(8);
  });

  test('ccxt never re-sends an order on its own, whatever its options say', async () => {
    emu = await startAccount();
    const t = await ready(emu, 300, { maxRetriesOnFailure: 3 });
    emu.fault('private/AddOrder', { afterHandling: true, delayMs: 1000, times: 1 });
    const err = await t.addOrder(limitBuy('once')).catch((e: unknown) => e);
    expect(errorPolicy(err)).toBe('retry');
    expect(emu.requestsTo('private/AddOrder')).toHaveLength(1);
    expect(emu.exchange.account.orders.size).toBe(1);
  });

  test('the nonce is in microseconds, above the last one even when the clock stands still or steps back', () => {
    let clock = 1_700_000_000_000;
    const next = strictlyIncreasingNonce(() => clock);
    const a = next();
    const b = next();
    clock -= 5;
    const c = next();
    expect(a).toBe(1_700_000_000_000_000);
    expect([b - a, c - b]).toEqual([1, 1]);
    const restarted = strictlyIncreasingNonce(() => clock + 1, { last: () => c, save: () => undefined });
    expect(restarted()).toBeGreaterThan(c);
  });
});
