import { AuthenticationError, InvalidNonce } from 'ccxt';
import { afterEach, describe, expect, test } from 'vitest';
import { krakenSignature, type KrakenEmulator } from '../../../support/kraken/index.js';
import { API_KEY, SECRET, signedClient, startAccount } from './privateFixture.js';

/** One private call signed by hand, to control the nonce exactly. */
async function post(emu: KrakenEmulator, method: string, nonce: string, form: Record<string, string> = {}, secret = SECRET): Promise<{ error: string[] }> {
  const path = `/0/private/${method}`;
  const body = new URLSearchParams({ nonce, ...form }).toString();
  const res = await fetch(`${emu.url}${path}`, {
    method: 'POST',
    headers: { 'API-Key': API_KEY, 'API-Sign': krakenSignature(path, nonce, body, secret), 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  return (await res.json()) as { error: string[] };
}

const ORDER = { pair: 'SOLUSD', type: 'buy', ordertype: 'limit', volume: '1', price: '90' };

describe('private calls are signed and nonced as on Kraken', () => {
  let emu: KrakenEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  test('a wrong secret or key is refused before anything happens', async () => {
    emu = await startAccount();
    const client = signedClient(emu);
    client.secret = Buffer.from('not the secret').toString('base64');
    await expect(client.createOrder('SOL/USD', 'limit', 'buy', 1, 90)).rejects.toThrow(/EAPI:Invalid signature/);
    client.secret = SECRET;
    client.apiKey = 'someone-else';
    await expect(client.fetchBalance()).rejects.toBeInstanceOf(AuthenticationError);
    expect(emu.exchange.account.orders.size).toBe(0);
  });

  test('a nonce must grow: a repeated or older one is refused and books nothing', async () => {
    emu = await startAccount();
    expect((await post(emu, 'AddOrder', '1000', ORDER)).error).toEqual([]);
    expect((await post(emu, 'AddOrder', '1000', ORDER)).error).toEqual(['EAPI:Invalid nonce']);
    expect((await post(emu, 'AddOrder', '999', ORDER)).error).toEqual(['EAPI:Invalid nonce']);
    expect((await post(emu, 'AddOrder', '1001', ORDER)).error).toEqual([]);
    expect(emu.exchange.account.orders.size).toBe(2);
    // A signature over another nonce does not pass either.
    expect((await post(emu, 'Balance', '1002', {}, Buffer.from('x').toString('base64'))).error).toEqual(['EAPI:Invalid signature']);
  });

  test('parallel createOrder calls from one ccxt instance reuse nonces: some are refused, and only the others are booked', async () => {
    emu = await startAccount({ balances: { ZUSD: 1_000_000 } });
    const client = signedClient(emu, 2000, true);
    await client.loadMarkets();
    // The first burst is often slow enough (cold signing) to get distinct milliseconds; warm ones collide.
    const results: PromiseSettledResult<unknown>[] = [];
    for (let burst = 0; burst < 10 && !results.some((r) => r.status === 'rejected'); burst++) {
      results.push(...(await Promise.allSettled(Array.from({ length: 8 }, (_, i) => client.createOrder('SOL/USD', 'limit', 'buy', 1, 80 + i)))));
    }
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r.status === 'rejected' && r.reason).toBeInstanceOf(InvalidNonce);
    expect(emu.exchange.account.orders.size).toBe(results.length - refused.length);

    // What the emulator saw: every refused request carried a nonce no greater than one accepted before it.
    let highest = 0n;
    for (const r of emu.requestsTo('private/AddOrder')) {
      const nonce = BigInt(r.params['nonce'] ?? '0');
      if (r.error === 'EAPI:Invalid nonce') expect(nonce <= highest).toBe(true);
      else highest = nonce > highest ? nonce : highest;
    }
  });
});
