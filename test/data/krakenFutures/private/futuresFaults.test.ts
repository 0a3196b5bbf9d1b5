import { ExchangeNotAvailable, NetworkError, RateLimitExceeded, RequestTimeout } from 'ccxt';
import { afterEach, describe, expect, test } from 'vitest';
import { FUTURES_MALFORMED_BODIES, type KrakenFuturesEmulator } from '../../../support/krakenFutures/index.js';
import { waitFor } from '../../../support/botProcess.js';
import { withTimeout } from '../../../support/withTimeout.js';
import { HOUR, idOf, signedFuturesClient, solPrints, startFutures, T0 } from './futuresFixture.js';

const SOL = 'SOL/USD:USD';

describe('faults on the futures private endpoints, observed through ccxt krakenfutures', () => {
  let emu: KrakenFuturesEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test.each([
    [{ status: 500 }, ExchangeNotAvailable],
    [{ status: 503 }, ExchangeNotAvailable],
    [{ status: 504 }, RequestTimeout],
    [{ status: 429 }, RateLimitExceeded],
    [{ error: 'apiLimitExceeded' }, RateLimitExceeded],
    [{ error: 'unavailable' }, ExchangeNotAvailable],
    [{ error: 'Unavailable' }, ExchangeNotAvailable],
  ])('sendorder answered %j raises %o and books nothing', async (fault, error) => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    emu.fault('private/sendorder', { ...fault, times: 1 });
    await expect(client.createOrder(SOL, 'market', 'buy', 1)).rejects.toBeInstanceOf(error);
    expect(emu.exchange.account.orders.size).toBe(0);
    expect(emu.faultCount('table', 'private/sendorder')).toBe(1);
    await expect(client.createOrder(SOL, 'market', 'buy', 1)).resolves.toMatchObject({ filled: 1 });
  });

  test('a malformed 200: sendorder books nothing, and a positions answer without its list is refused, not read as flat', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    await client.createOrder(SOL, 'market', 'buy', 1);
    for (const body of FUTURES_MALFORMED_BODIES) {
      emu.fault('private/sendorder', { body, times: 1 });
      const placed = await client.createOrder(SOL, 'market', 'buy', 1).catch((e: unknown) => e);
      if (!(placed instanceof Error)) expect((placed as { id?: string }).id).toBeUndefined();
      emu.fault('private/openpositions', { body, times: 1 });
      await expect(client.fetchPositions()).rejects.toBeInstanceOf(Error);
    }
    expect(emu.exchange.account.orders.size).toBe(1);
    expect(emu.faultCount('table')).toBe(2 * FUTURES_MALFORMED_BODIES.length);
  });

  test('slow: no answer within the timeout, nothing booked', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    emu.fault('private/sendorder', { delayMs: 1500, times: 1 });
    await expect(withTimeout(client, 300, () => client.createOrder(SOL, 'limit', 'buy', 1, 95, { clientOrderId: 'slow-1' }))).rejects.toBeInstanceOf(
      RequestTimeout,
    );
    expect(emu.exchange.account.orders.size).toBe(0);
  });

  test('accepted, then answered too late: ccxt times out, the order is booked and found by its cliOrdId; a resend is refused', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    emu.fault('private/sendorder', { afterHandling: true, delayMs: 1500, times: 1 });
    await expect(withTimeout(client, 300, () => client.createOrder(SOL, 'limit', 'buy', 1, 95, { clientOrderId: 'late-1' }))).rejects.toBeInstanceOf(
      RequestTimeout,
    );
    const [found] = await client.fetchOrders(undefined, undefined, undefined, { cliOrdIds: 'late-1' });
    expect(found).toMatchObject({ clientOrderId: 'late-1', status: 'open', amount: 1 });
    await expect(client.createOrder(SOL, 'limit', 'buy', 1, 95, { clientOrderId: 'late-1' })).rejects.toThrow(/clientOrderIdAlreadyExist/);
    expect(emu.exchange.account.orders.size).toBe(1);
  });

  test('accepted, then dropped: a NetworkError (not a timeout) for a market order that filled', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    emu.fault('private/sendorder', { afterHandling: true, destroy: true, times: 1 });
    const err = await client.createOrder(SOL, 'market', 'buy', 2, undefined, { clientOrderId: 'dropped-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).not.toBeInstanceOf(RequestTimeout);
    expect(emu.requestsTo('private/sendorder').at(-1)?.status).toBe(0);
    const fills = await client.fetchMyTrades();
    expect(fills.map((f) => [f.amount, (f.info as { cliOrdId?: string }).cliOrdId])).toEqual([[2, 'dropped-1']]);
  });

  test('partial fills: a market order fills piece by piece on the following prints', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    emu.fault('private/sendorder', { partialFills: 3, times: 1 });
    const order = await client.createOrder(SOL, 'market', 'buy', 3, undefined, { clientOrderId: 'pieces-1' });
    expect(order).toMatchObject({ status: 'open', filled: 1 });
    const next = solPrints(5).filter((t) => t.ms > T0 + 5.5 * HOUR);
    emu.setNow(next[0]?.ms ?? NaN);
    const [half] = await client.fetchOrders(undefined, undefined, undefined, { cliOrdIds: 'pieces-1' });
    expect(half).toMatchObject({ id: idOf(order), filled: 2, status: 'open' });
    emu.setNow(next[1]?.ms ?? NaN);
    const fills = await client.fetchMyTrades();
    expect(fills.map((f) => f.amount)).toEqual([1, 1, 1]);
    expect(emu.exchange.account.orders.get(idOf(order))?.status).toBe('filled');
  });

  test('bookedLate: the answer is lost, nothing is booked at first, and the order is booked after the delay', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    emu.fault('private/sendorder', { takeEffectAfterMs: 400, times: 1 });
    const err = await client.createOrder(SOL, 'limit', 'buy', 1, 95, { clientOrderId: 'late-book' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(await client.fetchOrders(undefined, undefined, undefined, { cliOrdIds: 'late-book' })).toEqual([]);
    expect(emu.lateRequests).toBe(1);
    await waitFor(() => emu?.exchange.account.byCliOrdId('late-book') !== undefined);
    expect(emu.lateRequests).toBe(0);
    const [found] = await client.fetchOrders(undefined, undefined, undefined, { cliOrdIds: 'late-book' });
    expect(found).toMatchObject({ clientOrderId: 'late-book', status: 'open' });
    expect(emu.requestsTo('private/sendorder')[0]?.notes['tookEffectAt']).toBeDefined();
  });
});

describe('a seeded fault plan on the futures emulator', () => {
  test('injects every kind on sendorder and replays them identically from the same seed', async () => {
    const session = async (seed: number) => {
      const emu = await startFutures({ usd: 10_000_000 }, {});
      try {
        const client = signedFuturesClient(emu, 300);
        await client.loadMarkets();
        const each = 1 / 10;
        emu.setFaultPlan({
          seed,
          slowMs: 350,
          lateMs: 50,
          routes: {
            'private/sendorder': {
              http5xx: each,
              http429: each,
              krakenError: each,
              slow: each,
              acceptedSlow: each,
              acceptedDropped: each,
              malformed: each,
              partialFill: each,
              bookedLate: each,
            },
          },
        });
        const outcomes: string[] = [];
        for (let i = 0; i < 40; i++) {
          emu.setNow(T0 + 5.5 * HOUR + i * 60_000);
          outcomes.push(
            await client.createOrder(SOL, 'limit', 'buy', 1, 90, { clientOrderId: `plan-${seed}-${i}` }).then(
              () => 'ok',
              (e: unknown) => (e as Error).constructor.name,
            ),
          );
        }
        await emu.takeEffectNow();
        return {
          outcomes,
          kinds: emu.injected.map((f) => f.kind),
          // Late bookings land in wall-clock order: what was booked is the replayable part, not in which order.
          booked: [...emu.exchange.account.orders.values()].map((o) => o.cliOrdId?.replace(`plan-${seed}-`, '')).sort(),
        };
      } finally {
        await emu.close();
      }
    };
    const first = await session(7);
    expect(new Set(first.kinds)).toEqual(
      new Set(['http5xx', 'http429', 'krakenError', 'slow', 'acceptedSlow', 'acceptedDropped', 'malformed', 'partialFill', 'bookedLate']),
    );
    const again = await session(7);
    expect(again.kinds).toEqual(first.kinds);
    expect(again.booked).toEqual(first.booked);
  });
});
