import { afterEach, describe, expect, test } from 'vitest';
import type { KrakenEmulator } from '../../../support/kraken/index.js';
import { firstSolPrint, HOUR, signedClient, solPrints, startAccount, T0, txidOf } from './privateFixture.js';

// The scripted SOL path (synthetic, see privateFixture.ts): flat at 100 until 10:00, a dip to 90 at
// 10:00, 95 at 11:00, a rally to 110 at 12:00.
const NOW = T0 + 5.5 * HOUR;

describe('matching resting orders against the tape in emulated time', () => {
  let emu: KrakenEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('a sell stop-loss waits, triggers when the tape crosses it, and fills at that print as taker (gaps included)', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    const stop = await client.createOrder('SOL/USD', 'market', 'sell', 5, undefined, { stopLossPrice: 95 });
    expect(stop).toMatchObject({ side: 'sell', amount: 5, type: 'market', stopLossPrice: 95, triggerPrice: 95 });
    emu.setNow(T0 + 10 * HOUR);
    expect(await client.fetchOrder(txidOf(stop))).toMatchObject({ status: 'open', filled: 0, stopLossPrice: 95 });

    const cross = firstSolPrint(NOW, (p) => p <= 95);
    expect(cross.price).toBeLessThan(95);
    emu.setNow(cross.ms);
    const done = await client.fetchOrder(txidOf(stop));
    expect(done).toMatchObject({ status: 'closed', filled: 5, average: cross.price, lastUpdateTimestamp: cross.ms });
    expect(Number(done.fee?.cost)).toBeCloseTo(5 * cross.price * 0.0026, 5);
    expect((await client.fetchBalance())['SOL']?.total).toBe(5);
  });

  test('a take-profit sell triggers on the rally', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    const tp = await client.createOrder('SOL/USD', 'market', 'sell', 2, undefined, { takeProfitPrice: 105 });
    expect(tp).toMatchObject({ takeProfitPrice: 105, type: 'market' });
    emu.setNow(T0 + 13 * HOUR);
    const cross = firstSolPrint(NOW, (p) => p >= 105);
    expect(await client.fetchOrder(txidOf(tp))).toMatchObject({ status: 'closed', average: cross.price, lastUpdateTimestamp: cross.ms });
  });

  test('a stop-loss-limit triggers, rests at its limit, and fills there as maker when the price comes back', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    const order = await client.createOrder('SOL/USD', 'limit', 'sell', 1, 93, { stopLossPrice: 95 });
    expect(order.info['descr']).toEqual({ order: 'sell 1.00000000 SOLUSD @ stop loss 95.00 -> limit 93.00' });
    const trigger = firstSolPrint(NOW, (p) => p <= 95);
    emu.setNow(trigger.ms);
    // Triggered below its limit: a sell limit at 93 cannot fill at 90.
    expect(await client.fetchOrder(txidOf(order))).toMatchObject({ status: 'open', filled: 0, type: 'limit', price: 93, stopLossPrice: 95 });
    const back = firstSolPrint(trigger.ms, (p) => p >= 93);
    emu.setNow(back.ms);
    const [trade] = await client.fetchMyTrades();
    expect(trade).toMatchObject({ price: 93, amount: 1, takerOrMaker: 'maker', timestamp: back.ms });
  });

  test('a limit takes no more than each print traded: a big order fills across prints, and may stay partly open', async () => {
    emu = await startAccount({ balances: { ZUSD: 1_000_000 } });
    const client = signedClient(emu);
    const dip = solPrints(10).filter((t) => t.price <= 95);
    const available = dip.reduce((a, t) => a + t.volume, 0);
    const big = await client.createOrder('SOL/USD', 'limit', 'buy', 3000, 95);
    emu.setNow(T0 + 10.99 * HOUR);
    const order = await client.fetchOrder(txidOf(big));
    expect(order.status).toBe('open');
    expect(order.filled).toBeCloseTo(available, 6);
    const trades = await client.fetchMyTrades();
    expect(trades.map((t) => t.timestamp)).toEqual(dip.map((t) => t.ms));
    expect((await client.fetchBalance())['SOL']?.total).toBeCloseTo(available, 6);
  });

  test('matching in one jump gives the same fills as matching step by step', async () => {
    const run = async (steps: number) => {
      const e = await startAccount({ balances: { ZUSD: 1_000_000, SOL: 100 } });
      try {
        const client = signedClient(e);
        await client.createOrder('SOL/USD', 'limit', 'buy', 1500, 95);
        await client.createOrder('SOL/USD', 'market', 'sell', 30, undefined, { stopLossPrice: 96 });
        await client.createOrder('SOL/USD', 'limit', 'sell', 40, 104);
        const end = T0 + 14 * HOUR;
        for (let i = 1; i <= steps; i++) {
          e.setNow(NOW + ((end - NOW) * i) / steps);
          await client.fetchBalance();
        }
        return (await client.fetchMyTrades()).map((t) => [t.timestamp, t.side, t.price, t.amount, t.fee?.cost]);
      } finally {
        await e.close();
      }
    };
    const oneJump = await run(1);
    expect(oneJump.length).toBeGreaterThanOrEqual(4);
    expect(await run(37)).toEqual(oneJump);
  });

  test('with a running clock, a resting order fills without anyone moving time', async () => {
    // An hour a second: the bars at or below 95 (10:00 to 12:59) last 3 s of wall time, so a createOrder slowed by a
    // loaded machine still rests before they pass (at 20 hours a second it could arrive after 13:00 and never fill).
    emu = await startAccount(undefined, { now: T0 + 9.99 * HOUR, speed: 3600 });
    const client = signedClient(emu);
    const order = await client.createOrder('SOL/USD', 'limit', 'buy', 1, 95);
    let status = 'open';
    for (let i = 0; i < 300 && status === 'open'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await client.fetchOrder(txidOf(order))).status ?? '';
    }
    expect(status).toBe('closed');
  });

  test('a reduce-only buy stop protects a short and closes it when the price rises', async () => {
    emu = await startAccount({ balances: { ZUSD: 2000 } });
    const client = signedClient(emu);
    emu.setNow(T0 + 11.5 * HOUR);
    await client.createOrder('SOL/USD', 'market', 'sell', 4, undefined, { leverage: 2 });
    const stop = await client.createOrder('SOL/USD', 'market', 'buy', 4, undefined, { stopLossPrice: 100, reduceOnly: true });
    const cross = firstSolPrint(T0 + 11.5 * HOUR, (p) => p >= 100);
    emu.setNow(cross.ms);
    expect(await client.fetchOrder(txidOf(stop))).toMatchObject({ status: 'closed', filled: 4, average: cross.price, reduceOnly: true });
    expect(await client.fetchPositions()).toEqual([]);
  });
});
