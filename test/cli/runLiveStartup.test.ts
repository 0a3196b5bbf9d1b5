import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { krakenSignature, type KrakenEmulator } from '../support/kraken/index.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';
import { databaseOf, LIVE_KEY, LIVE_SECRET, liveArgs, runToEnd, startLiveEmulator, writeLiveHome } from '../daemon/liveHarness.js';

const HOUR = 3_600_000;

/** A signed private call with a nonce of our choosing: the exchange remembers it as the key's last. */
async function callWithNonce(emu: KrakenEmulator, nonce: bigint): Promise<void> {
  const path = '/0/private/Balance';
  const body = `nonce=${nonce}`;
  const res = await fetch(`${emu.url}${path}`, {
    method: 'POST',
    headers: { 'API-Key': LIVE_KEY, 'API-Sign': krakenSignature(path, String(nonce), body, LIVE_SECRET), 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  expect(await res.json()).toMatchObject({ error: [] });
}

function privateNonces(emu: KrakenEmulator, from: number): bigint[] {
  return emu.requests
    .slice(from)
    .filter((r) => r.route.startsWith('private/'))
    .map((r) => BigInt(r.params['nonce'] ?? '0'));
}

describe.skipIf(!hasSharedData)(`bot run --live start-up against the Kraken emulator ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  let emu: KrakenEmulator;
  beforeAll(async () => {
    emu = await startLiveEmulator();
    writeLiveHome(home.dir, emu, { assets: ['SOL/USD'] });
  });
  afterAll(async () => {
    await emu.close();
    home.cleanup();
  });

  const run = (iterations: number, budget: number) =>
    runToEnd(['--home', home.dir, 'run', '--live', '--yes', '--iterations', String(iterations), '--interval', '0.05', '--retry-budget', String(budget)]);

  it('keeps retrying an exchange that fails at start-up for as long as --retry-budget allows, and no longer', async () => {
    // Five failures in a row: about four attempts fit in one second, all of them in a minute.
    emu.fault('public/AssetPairs', { status: 503, times: 5 });
    const short = await run(1, 1);
    expect(short.code, short.stderr.slice(-2000)).toBe(75);

    emu.faults.clear();
    emu.fault('public/AssetPairs', { status: 503, times: 5 });
    const before = emu.requestsTo('public/AssetPairs').length;
    const patient = await run(1, 60);
    expect(patient.code, patient.stderr.slice(-2000)).toBe(0);
    expect(
      emu
        .requestsTo('public/AssetPairs')
        .slice(before)
        .map((r) => r.status),
    ).toEqual([503, 503, 503, 503, 503, 200, 200]);
  });

  it('a restart on a clock that stepped back stays above the last nonce the key sent: no EAPI:Invalid nonce', async () => {
    const first = await runToEnd(liveArgs(home.dir, 2, 0.05));
    expect(first.code, first.stderr.slice(-2000)).toBe(0);

    // As if the first run's clock had been an hour ahead: the exchange and the store saw nonces from it.
    const ahead = BigInt(Date.now() + HOUR) * 1000n;
    await callWithNonce(emu, ahead);
    const store = Store.open(databaseOf(home.dir));
    try {
      expect(store.nonces.forKey(LIVE_KEY).last()).toBeGreaterThan(0);
      store.nonces.forKey(LIVE_KEY).save(Number(ahead));
      // Only a hash of the key is kept.
      const ids = store.db.prepare('SELECT key_id AS id FROM api_nonces').all() as { id: string }[];
      expect(ids).toHaveLength(1);
      expect(ids[0]?.id).not.toContain(LIVE_KEY);
    } finally {
      store.close();
    }

    const from = emu.requests.length;
    const restarted = await run(2, 5);
    expect(restarted.code, restarted.stderr.slice(-2000)).toBe(0);
    const nonces = privateNonces(emu, from);
    expect(nonces.length).toBeGreaterThan(0);
    expect(nonces.every((n) => n > ahead)).toBe(true);
    expect(emu.requests.slice(from).filter((r) => r.error === 'EAPI:Invalid nonce')).toEqual([]);
  });
});
