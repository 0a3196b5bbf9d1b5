import { afterEach, expect, test } from 'vitest';
import type { KrakenEmulator } from '../../../support/kraken/index.js';
import { HOUR, signedClient, solPriceAt, startAccount, T0 } from './privateFixture.js';

let emu: KrakenEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

interface RawLedger {
  result: { ledger: Record<string, { refid: string; time: number; type: string; asset: string; amount: string; fee: string; balance: string }>; count: number };
}

test('a margin long pays the opening fee with its trade and a rollover every 4 hours of the clock, each in the ledger', async () => {
  emu = await startAccount({ balances: { ZUSD: 1000 } });
  const client = signedClient(emu);
  const openAt = T0 + 5.5 * HOUR;
  const entry = solPriceAt(openAt);
  await client.createOrder('SOL/USD', 'market', 'buy', 3, undefined, { leverage: 3 });
  const cost = 3 * entry;
  const tradeFee = cost * 0.0026;
  // Kraken's rate for the USD it lends a long: 0.025% per opening and per rollover.
  const margin = cost * 0.00025;
  expect(emu.exchange.account.balance('ZUSD')).toBeCloseTo(1000 - tradeFee - margin, 9);

  // 9 hours later: the rollovers at +4 h and +8 h, on the cost Kraken lent.
  emu.setNow(openAt + 9 * HOUR);
  const raw = (await client.privatePostLedgers({ type: 'rollover' })) as RawLedger;
  const rollovers = Object.values(raw.result.ledger);
  expect(raw.result.count).toBe(2);
  const [position] = emu.exchange.account.positions.openPositions();
  expect(rollovers.map((r) => [r.type, r.refid, r.time, r.asset, Number(r.amount), Number(r.fee)])).toEqual([
    ['rollover', position?.id, (openAt + 8 * HOUR) / 1000, 'ZUSD', 0, Number(margin.toFixed(4))],
    ['rollover', position?.id, (openAt + 4 * HOUR) / 1000, 'ZUSD', 0, Number(margin.toFixed(4))],
  ]);
  const opening = Object.values(((await client.privatePostLedgers({ type: 'margin' })) as RawLedger).result.ledger);
  const [trade] = emu.exchange.account.trades;
  expect(opening.map((e) => [e.refid, Number(e.amount), Number(e.fee)])).toEqual([[trade?.id, 0, Number((tradeFee + margin).toFixed(4))]]);

  // Closed before the next rollover: none more. The close's 'margin' entry carries its profit and its fee.
  const closeAt = openAt + 11 * HOUR;
  emu.setNow(closeAt);
  const exit = solPriceAt(closeAt);
  await client.createOrder('SOL/USD', 'market', 'sell', 3, undefined, { leverage: 3, reduceOnly: true });
  emu.setNow(openAt + 30 * HOUR);
  const ledger = await client.fetchLedger();
  expect(ledger.map((e) => e.type)).toEqual(['margin', 'rollover', 'rollover', 'margin']);
  expect(ledger.at(-1)).toMatchObject({ currency: 'USD', amount: Number(Math.abs((exit - entry) * 3).toFixed(4)), direction: exit >= entry ? 'in' : 'out' });
  expect(emu.exchange.account.balance('ZUSD')).toBeCloseTo(1000 - tradeFee - 3 * margin + (exit - entry) * 3 - 3 * exit * 0.0026, 9);
});

test('a short pays the rate of the coin lent, on its value at each rollover; without margin fees nothing is charged', async () => {
  emu = await startAccount({ balances: { ZUSD: 1000 } });
  const client = signedClient(emu);
  const openAt = T0 + 5.5 * HOUR;
  await client.createOrder('SOL/USD', 'market', 'sell', 2, undefined, { leverage: 2 });
  emu.setNow(openAt + 4.5 * HOUR);
  const [rollover] = Object.values(((await client.privatePostLedgers({ type: 'rollover' })) as RawLedger).result.ledger);
  expect(Number(rollover?.fee)).toBeCloseTo(2 * solPriceAt(openAt + 4 * HOUR) * 0.0002, 4);
  await emu.close();

  emu = await startAccount({ balances: { ZUSD: 1000 }, marginFees: false });
  const plain = signedClient(emu);
  await plain.createOrder('SOL/USD', 'market', 'sell', 2, undefined, { leverage: 2 });
  emu.setNow(openAt + 30 * HOUR);
  expect(((await plain.privatePostLedgers({ type: 'rollover' })) as RawLedger).result.count).toBe(0);
  expect(emu.exchange.account.balance('ZUSD')).toBeCloseTo(1000 - 2 * solPriceAt(openAt) * 0.0026, 9);
});

test('a spot trade: two trade entries in the ledger, and in TradesHistory no margin fields', async () => {
  emu = await startAccount({ balances: { ZUSD: 1000 } });
  const client = signedClient(emu);
  const price = solPriceAt(T0 + 5.5 * HOUR);
  await client.createOrder('SOL/USD', 'market', 'buy', 2);
  const raw = (await client.privatePostTradesHistory()) as { result: { trades: Record<string, Record<string, unknown>> } };
  const [entry] = Object.values(raw.result.trades);
  expect(entry).not.toHaveProperty('margin');
  expect(entry).not.toHaveProperty('leverage');
  expect(entry).not.toHaveProperty('posstatus');
  const ledger = Object.values(((await client.privatePostLedgers()) as RawLedger).result.ledger);
  expect(ledger.map((e) => [e.type, e.asset, Number(e.amount), Number(e.fee)]).sort()).toEqual(
    [
      ['trade', 'SOL', 2, 0],
      ['trade', 'ZUSD', Number((-2 * price).toFixed(4)), Number((2 * price * 0.0026).toFixed(4))],
    ].sort(),
  );
  expect(emu.exchange.account.balance('SOL')).toBe(2);
});
