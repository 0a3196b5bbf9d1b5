import { DDoSProtection, ExchangeNotAvailable, NetworkError, RateLimitExceeded, RequestTimeout } from 'ccxt';
import { afterEach, describe, expect, test } from 'vitest';
import { MALFORMED_BODIES, type FaultPlan, type KrakenEmulator } from '../../../support/kraken/index.js';
import { withTimeout } from '../../../support/withTimeout.js';
import { firstSolPrint, HOUR, signedClient, startAccount, T0, txidOf } from './privateFixture.js';

const NOW = T0 + 5.5 * HOUR;

describe('faults on the private endpoints', () => {
  let emu: KrakenEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('an AddOrder accepted and then answered too late: ccxt times out, but the order is on the book under its clientOrderId', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    await client.loadMarkets();
    emu.fault('private/AddOrder', { afterHandling: true, delayMs: 1500, times: 1 });
    await expect(withTimeout(client, 300, () => client.createOrder('SOL/USD', 'limit', 'buy', 1, 95, { clientOrderId: 'late-1' }))).rejects.toBeInstanceOf(
      RequestTimeout,
    );

    const found = await client.fetchOpenOrders('SOL/USD', undefined, undefined, { clientOrderId: 'late-1' });
    expect(found.map((o) => [o.clientOrderId, o.status, o.amount, o.price])).toEqual([['late-1', 'open', 1, 95]]);
    expect(emu.requestsTo('private/OpenOrders').at(-1)?.params['cl_ord_id']).toBe('late-1');
    // Kraken keeps a clientOrderId unique among open orders: a blind retry of a resting order is refused.
    await expect(client.createOrder('SOL/USD', 'limit', 'buy', 1, 95, { clientOrderId: 'late-1' })).rejects.toThrow(/EOrder:Duplicate order/);
    expect(emu.exchange.account.orders.size).toBe(1);
  });

  test('a market order accepted then timed out is found among closed orders; a blind retry fills twice', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    await client.loadMarkets();
    emu.fault('private/AddOrder', { afterHandling: true, delayMs: 1500, times: 1 });
    await expect(
      withTimeout(client, 300, () => client.createOrder('SOL/USD', 'market', 'buy', 2, undefined, { clientOrderId: 'late-2' })),
    ).rejects.toBeInstanceOf(RequestTimeout);
    const [closed] = await client.fetchClosedOrders('SOL/USD', undefined, undefined, { clientOrderId: 'late-2' });
    expect(closed).toMatchObject({ clientOrderId: 'late-2', status: 'closed', filled: 2 });

    // The id is no longer open, so nothing stops a second fill: the trap.
    await client.createOrder('SOL/USD', 'market', 'buy', 2, undefined, { clientOrderId: 'late-2' });
    expect(await client.fetchClosedOrders('SOL/USD', undefined, undefined, { clientOrderId: 'late-2' })).toHaveLength(2);
    expect((await client.fetchBalance())['SOL']?.total).toBe(14);
  });

  test("ccxt's maxRetriesOnFailure re-sends a timed-out AddOrder: one createOrder, two orders booked", async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    client.options['maxRetriesOnFailure'] = 1;
    await client.loadMarkets();
    emu.fault('private/AddOrder', { afterHandling: true, delayMs: 2000, times: 1 });
    const order = await withTimeout(client, 600, () => client.createOrder('SOL/USD', 'market', 'buy', 1));
    expect(order.side).toBe('buy');
    expect(emu.requestsTo('private/AddOrder')).toHaveLength(2);
    expect([...emu.exchange.account.orders.values()].map((o) => o.filled)).toEqual([1, 1]);
  });

  test('an AddOrder whose connection is closed after booking is a NetworkError, not a timeout', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    await client.loadMarkets();
    emu.fault('private/AddOrder', { afterHandling: true, destroy: true, times: 1 });
    const err = await client.createOrder('SOL/USD', 'limit', 'sell', 1, 120, { clientOrderId: 'dropped' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).not.toBeInstanceOf(RequestTimeout);
    expect(emu.requestsTo('private/AddOrder').at(-1)?.status).toBe(0);
    expect(await client.fetchOpenOrders(undefined, undefined, undefined, { clientOrderId: 'dropped' })).toHaveLength(1);
  });

  test('partial fills: the order fills piece by piece on the following prints, open until done', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    emu.fault('private/AddOrder', { partialFills: 3, times: 1 });
    const created = await client.createOrder('SOL/USD', 'market', 'buy', 3);
    const id = txidOf(created);
    expect(await client.fetchOrder(id)).toMatchObject({ status: 'open', filled: 1, remaining: 2 });

    const second = firstSolPrint(NOW, () => true);
    emu.setNow(second.ms);
    expect(await client.fetchOrder(id)).toMatchObject({ status: 'open', filled: 2 });
    const third = firstSolPrint(second.ms, () => true);
    emu.setNow(third.ms + 1);
    const done = await client.fetchOrder(id);
    expect(done).toMatchObject({ status: 'closed', filled: 3, lastUpdateTimestamp: third.ms });
    const trades = await client.fetchMyTrades();
    expect(trades.map((t) => t.amount)).toEqual([1, 1, 1]);
    expect(done.average).toBeCloseTo(trades.reduce((a, t) => a + (t.price ?? NaN), 0) / 3, 4);
    expect(emu.faultCount('table', 'private/AddOrder')).toBe(1);
  });

  test.each([
    [{ status: 500 }, ExchangeNotAvailable],
    [{ status: 502 }, ExchangeNotAvailable],
    [{ status: 503 }, ExchangeNotAvailable],
    [{ status: 504 }, RequestTimeout],
    [{ status: 429 }, RateLimitExceeded],
    [{ error: 'EService:Unavailable' }, ExchangeNotAvailable],
    [{ error: 'EService:Busy' }, ExchangeNotAvailable],
    [{ error: 'EGeneral:Internal error' }, ExchangeNotAvailable],
    [{ error: 'EAPI:Rate limit exceeded' }, DDoSProtection],
    [{ error: 'EOrder:Rate limit exceeded' }, DDoSProtection],
  ])('AddOrder answered %j raises %o and books nothing', async (fault, error) => {
    emu = await startAccount();
    const client = signedClient(emu);
    await client.loadMarkets();
    emu.fault('private/AddOrder', { ...fault, times: 1 });
    await expect(client.createOrder('SOL/USD', 'market', 'buy', 1)).rejects.toBeInstanceOf(error);
    expect(emu.exchange.account.orders.size).toBe(0);
    await expect(client.createOrder('SOL/USD', 'market', 'buy', 1)).resolves.toMatchObject({ amount: 1 });
  });

  test('a malformed 200 does not throw in ccxt: an order without id, an empty balance, no open orders, a cancel that did nothing', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    const resting = txidOf(await client.createOrder('SOL/USD', 'limit', 'buy', 1, 90));
    for (const body of MALFORMED_BODIES) {
      emu.fault('private/AddOrder', { body, times: 1 });
      expect((await client.createOrder('SOL/USD', 'market', 'buy', 1)).id).toBeUndefined();
      emu.fault('private/BalanceEx', { body, times: 1 });
      expect((await client.fetchBalance()).total).toEqual({});
      emu.fault('private/OpenOrders', { body, times: 1 });
      expect(await client.fetchOpenOrders()).toEqual([]);
      emu.fault('private/CancelOrder', { body, times: 1 });
      await client.cancelOrder(resting);
    }
    // None of those requests reached the account.
    expect([...emu.exchange.account.orders.values()].map((o) => [o.txid, o.status])).toEqual([[resting, 'open']]);
  });
});

describe('a seeded fault plan', () => {
  // Slow answers are left out here: a replay must not hinge on how fast a loaded machine answers.
  const plan = (seed: number): FaultPlan => ({
    seed,
    routes: {
      'private/AddOrder': { http5xx: 0.1, http429: 0.05, krakenError: 0.1, acceptedDropped: 0.05, malformed: 0.1, partialFill: 0.1 },
      'private/QueryOrders': { krakenError: 0.15, malformed: 0.1 },
      'private/BalanceEx': { http5xx: 0.2 },
    },
  });

  /** A fixed session of 30 orders, each looked up, with balances in between; what ccxt saw and what the account holds. */
  async function session(seed: number) {
    const emu = await startAccount({ balances: { ZUSD: 1_000_000, SOL: 1000 } });
    try {
      const client = signedClient(emu);
      await client.loadMarkets();
      emu.setFaultPlan(plan(seed));
      const outcomes: string[] = [];
      const attempt = async (what: string, call: () => Promise<unknown>) => {
        outcomes.push(
          await call().then(
            () => `${what} ok`,
            (e: unknown) => `${what} ${(e as Error).constructor.name}`,
          ),
        );
      };
      for (let i = 0; i < 30; i++) {
        emu.setNow(NOW + i * 600_000);
        let id: string | undefined;
        await attempt('add', async () => {
          id = (await client.createOrder('SOL/USD', i % 2 ? 'market' : 'limit', i % 3 ? 'buy' : 'sell', 1 + (i % 4), 100, { clientOrderId: `plan-${i}` })).id;
        });
        if (id) await attempt('query', () => client.fetchOrder(id as string));
        if (i % 5 === 0) await attempt('balance', () => client.fetchBalance());
      }
      return {
        outcomes,
        injected: emu.injected.map((f) => `${f.route} ${f.kind} ${JSON.stringify(f.fault)}`),
        booked: [...emu.exchange.account.orders.values()].map((o) => `${o.txid} ${o.clOrdId} ${o.status} ${o.filled}`),
        counts: Object.fromEntries(['http5xx', 'krakenError', 'malformed', 'partialFill', 'acceptedDropped'].map((k) => [k, emu.faultCount(k as 'http5xx')])),
        hits: emu.injected.every(
          (f) => emu.requests.includes(f.request as (typeof emu.requests)[number]) && (f.request as { route: string }).route === f.route,
        ),
      };
    } finally {
      await emu.close();
    }
  }

  test('injects a mix of faults, records each with its request, and replays them identically from the same seed', async () => {
    const first = await session(42);
    expect(first.hits).toBe(true);
    expect(first.injected.length).toBeGreaterThan(8);
    for (const n of Object.values(first.counts)) expect(n).toBeGreaterThan(0);
    expect(first.outcomes.some((o) => o !== 'add ok' && o.startsWith('add'))).toBe(true);

    const again = await session(42);
    expect(again).toEqual(first);
    const other = await session(43);
    expect(other.injected).not.toEqual(first.injected);
  });
});
