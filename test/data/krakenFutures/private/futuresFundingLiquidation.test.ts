import { afterEach, describe, expect, test } from 'vitest';
import { perpetualLiquidationPrice } from '../../../../src/execution/liquidationPrice.js';
import type { KrakenFuturesEmulator } from '../../../support/krakenFutures/index.js';
import { HOUR, signedFuturesClient, solPrints, startFutures, T0 } from './futuresFixture.js';

const SOL = 'SOL/USD:USD';

describe('funding, the account log and liquidation on the futures emulator, through ccxt krakenfutures', () => {
  let emu: KrakenFuturesEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('funding accrues hourly on an open position: a hand-computed example, and the account log explains the balance', async () => {
    emu = await startFutures();
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    // Long 10 PF_SOLUSD at 05:30 at 100 (the last print then); closed at 13:00. Fixture rates: +0.01% an hour
    // until 12:00, -0.02% after. Each period: 10 contracts x the last print at its end x rate x the share held;
    // longs pay a positive rate:
    //   05:30-06:00  10 x 100 x 0.0001 x 0.5 = 0.05   paid
    //   06:00-07:00 ... 09:00-10:00  10 x 100 x 0.0001 = 0.1 each, 4 periods = 0.4   paid
    //   10:00-11:00  10 x 92 (11:00's last print, bar 10's close) x 0.0001 = 0.092   paid
    //   11:00-12:00  10 x 95 x 0.0001 = 0.095   paid
    //   12:00-13:00  10 x 108 x -0.0002 = -0.216   received
    const expected = [-0.05, -0.1, -0.1, -0.1, -0.1, -0.092, -0.095, 0.216];
    await client.createOrder(SOL, 'market', 'buy', 10);
    emu.setNow(T0 + 13 * HOUR);
    const history = await client.fetchFundingHistory(SOL);
    expect(history.map((h) => h.amount)).toEqual(expected.map((a) => expect.closeTo(a, 10)));
    expect(history.map((h) => h.timestamp)).toEqual([6, 7, 8, 9, 10, 11, 12, 13].map((h) => T0 + h * HOUR));
    expect(history[0]?.info).toMatchObject({ info: 'funding rate change', contract: 'pf_solusd', funding_rate: 0.0001 });

    // Half an hour later the next period is accrued but not settled: openpositions shows it as unrealised.
    emu.setNow(T0 + 13.5 * HOUR);
    const [position] = await client.fetchPositions();
    expect(position?.info).toMatchObject({ unrealizedFunding: expect.closeTo(10 * 108 * 0.0002 * 0.5, 10) });
    await client.createOrder(SOL, 'market', 'sell', 10);
    const entryFee = 10 * 100 * 0.0005;
    const exitFee = 10 * 108 * 0.0005;
    const funding = expected.reduce((a, b) => a + b, 0) + 10 * 108 * 0.0002 * 0.5;
    const balance = 10_000 - entryFee + (108 - 100) * 10 - exitFee + funding;
    expect(emu.exchange.account.balance).toBeCloseTo(balance, 9);

    // The ledger: every change of the collateral, from the transfer in to the close, adds up to the balance.
    const ledger = await client.fetchLedger('USD');
    const sum = ledger.reduce((a, e) => a + (e.direction === 'in' ? 1 : -1) * (e.amount ?? 0) - (e.fee?.cost ?? 0), 0);
    expect(sum).toBeCloseTo(balance, 9);
    const close = ledger.filter((e) => e.type === 'trade').at(-1);
    expect(close?.after).toBeCloseTo(balance, 9);
    expect(close?.info).toMatchObject({ info: 'futures trade', realized_pnl: expect.closeTo(80, 10), trade_price: 108 });
  });

  test('a short pays when the rate is negative', async () => {
    emu = await startFutures({ usd: 10_000 }, { now: T0 + 12 * HOUR });
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    await client.createOrder(SOL, 'market', 'sell', 10);
    emu.setNow(T0 + 13 * HOUR);
    const [paid] = await client.fetchFundingHistory(SOL);
    // Opened at 12:00 at 95 (bar 11's close): 10 x 108 x -0.0002 for the whole hour, paid by the short.
    expect(paid?.amount).toBeCloseTo(-10 * 108 * 0.0002, 10);
  });

  test('an isolated long is liquidated at the first print beyond its liquidation price; it loses its margin, no more', async () => {
    emu = await startFutures({ usd: 10_000, leverage: { PF_SOLUSD: 10 } }, { now: T0 + 13.5 * HOUR });
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    await client.createOrder(SOL, 'market', 'buy', 10);
    const margin = (10 * 108) / 10;
    // Kraken's rule (src/execution/liquidationPrice.ts): margin + P&L at the mark = 1% maintenance of the value there.
    const liquidation = perpetualLiquidationPrice('long', 108, 10, 0.01);
    const crash = solPrints(16);
    const first = crash.find((t) => t.price <= liquidation);
    if (!first) throw new Error('the scripted crash never reaches the liquidation price');
    expect(crash.filter((t) => t.ms < first.ms).every((t) => t.price > liquidation)).toBe(true);

    emu.setNow(first.ms - 1);
    expect(await client.fetchPositions()).toHaveLength(1);
    const before = emu.exchange.account.balance;
    emu.setNow(first.ms);
    expect(await client.fetchPositions()).toEqual([]);
    const liquidationFill = (await client.fetchMyTrades()).at(-1);
    expect(liquidationFill).toMatchObject({ side: 'sell', price: first.price, amount: 10, timestamp: first.ms });
    expect(liquidationFill?.info).toMatchObject({ fillType: 'liquidation' });
    // The gap to 84 would lose 240; isolated, the position loses its 108 of margin and pays the taker fee.
    // Funding since `before` is settled when the position changes, at the liquidating print.
    const funding = emu.exchange.account.log.entries.filter((e) => e.info === 'funding rate change' && e.date === first.ms);
    const fee = 10 * first.price * 0.0005;
    expect(emu.exchange.account.balance).toBeCloseTo(before - margin - fee + funding.reduce((a, e) => a + (e.realizedFunding ?? 0), 0), 9);
    const [row] = (await client.fetchLedger('USD')).filter((e) => (e.info as { info: string }).info === 'futures liquidation');
    expect(row?.info).toMatchObject({ realized_pnl: -margin, liquidation_fee: fee });
  });

  test('a cross-margined short is liquidated when the collateral plus its P&L falls below its maintenance margin', async () => {
    emu = await startFutures({ usd: 200 });
    const client = signedFuturesClient(emu);
    await client.loadMarkets();
    await client.createOrder(SOL, 'market', 'sell', 20);
    // Collateral 200 (less fees and funding) + (100 - P) x 20 < 1% x 20 x P from P = 108.9: bar 12's 110.
    const rally = solPrints(12).find((t) => t.price >= 108.9);
    if (!rally) throw new Error('the scripted rally never reaches 108.9');
    emu.setNow(rally.ms - 1);
    expect(await client.fetchPositions()).toHaveLength(1);
    emu.setNow(rally.ms);
    expect(await client.fetchPositions()).toEqual([]);
    expect((await client.fetchMyTrades()).at(-1)).toMatchObject({ side: 'buy', price: rally.price, amount: 20, info: { fillType: 'liquidation' } });
    // On cross margin the whole loss is realised: what is left is the collateral less 200 and the fees, plus funding.
    const funding = emu.exchange.account.log.entries.reduce((a, e) => a + (e.realizedFunding ?? 0), 0);
    expect(emu.exchange.account.balance).toBeCloseTo(200 - 20 * 100 * 0.0005 - (rally.price - 100) * 20 - 20 * rally.price * 0.0005 + funding, 9);
  });
});
