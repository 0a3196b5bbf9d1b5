import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { spawnBot, waitFor } from '../support/botProcess.js';
import type { EmulatorRequest, KrakenEmulator } from '../support/kraken/index.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';
import { expectStoreEqualsAccount } from './expectStoreEqualsAccount.js';
import { databaseOf, LIVE_ENV, liveArgs, runToEnd, startLiveEmulator, writeLiveHome } from './liveHarness.js';

/** Fills the store holds for the order sent under this cl_ord_id. */
function fillsOf(home: string, exchangeClientId: string): number {
  const store = Store.open(databaseOf(home), { readonly: true });
  try {
    const row = store.db
      .prepare('SELECT COUNT(*) AS n FROM fills f JOIN orders o ON o.epoch_id = f.epoch_id AND o.client_order_id = f.client_order_id WHERE o.exchange_client_id = ?')
      .get(exchangeClientId) as { n: number };
    return row.n;
  } finally {
    store.close();
  }
}

/**
 * Issue 11, item 1: Kraken drops the answer to an entry's AddOrder and books the order 6 s later, after
 * the daemon's own lookups came back empty. The daemon must keep that order unknown (no second entry on
 * the symbol), take the position (the coins bought) and its stop when the exchange books it, and a restart
 * must agree.
 */
describe.skipIf(!hasSharedData)(`live daemon: an entry the exchange books late ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  let emu: KrakenEmulator;
  beforeAll(async () => {
    // Where the scorer calls for a SOL entry within the first iterations (start-up takes emulated hours too).
    emu = await startLiveEmulator({ seed: 11, start: Date.parse('2024-03-06T22:30:00Z') });
    // Two emulated hours per wall second: a grace of two emulated days is about 24 s of this test.
    writeLiveHome(home.dir, emu, { assets: ['SOL/USD'], extra: 'live:\n  unknownOrderGraceSeconds: 172800\n' });
  });
  afterAll(async () => {
    await emu.close();
    home.cleanup();
  });

  it('keeps the order unknown, sends no second entry, ends with one position and its stop; a restart agrees', async () => {
    emu.fault('private/AddOrder', { takeEffectAfterMs: 6000, times: 1 });
    const daemon = spawnBot(liveArgs(home.dir, 1_000_000, 0.05), LIVE_ENV);
    let exited = false;
    void daemon.exited.then(() => (exited = true));

    let lost: EmulatorRequest | undefined;
    const lateBooked = () => (lost ??= emu.requestsTo('private/AddOrder').find((r) => r.fault?.takeEffectAfterMs !== undefined))?.notes['tookEffectAt'] !== undefined;
    const account = emu.exchange.account;
    // What the exchange holds once the daemon booked the late fill and protected the coins: read in the same
    // instant as the condition (the emulator answers in this process), since the daemon trades on meanwhile.
    let seen: { entries: string[]; filled?: number; leverage?: number; sold: number; coins: number; stops: unknown[] } | undefined;
    const protectedCoins = (): boolean => {
      const clientId = lost?.params['cl_ord_id'] ?? '';
      if (!lateBooked() || fillsOf(home.dir, clientId) === 0) return false;
      const stops = account.openOrders().filter((o) => o.type === 'stop-loss');
      const coins = account.balance('SOL');
      if (stops.length !== 1 || Math.abs((stops[0]?.volume ?? 0) - coins) > 1e-9) return false;
      const entry = [...account.orders.values()].find((o) => o.clOrdId === clientId);
      seen = {
        entries: emu.requestsTo('private/AddOrder').filter((r) => r.params['type'] === 'buy').map((r) => r.params['cl_ord_id'] ?? ''),
        ...(entry && { filled: entry.filled }),
        ...(entry?.leverage !== undefined && { leverage: entry.leverage }),
        sold: account.trades.filter((t) => t.order.side === 'sell').reduce((a, t) => a + t.vol, 0),
        coins,
        stops: stops.map((o) => [o.side, o.reduceOnly, o.volume]),
      };
      return true;
    };
    // Conditions, not a time budget: the entry goes out when the scorer first calls for one.
    await waitFor(() => exited || protectedCoins(), 240_000, 5);
    if (exited) {
      const r = await daemon.exited;
      expect.fail(`the daemon stopped on its own (exit ${r.code}): ${r.stderr.slice(-3000)}`);
    }

    // That one entry (a spot purchase: long only, paid in cash), the coins it bought (less any the strategy
    // has sold since), and their stop, a plain sell of the coins held.
    expect(seen?.entries).toEqual([lost?.params['cl_ord_id']]);
    expect(seen?.filled).toBeGreaterThan(0);
    expect(seen?.leverage).toBeUndefined();
    expect(seen?.coins).toBeCloseTo((seen?.filled ?? NaN) - (seen?.sold ?? NaN), 9);
    expect(seen?.stops).toEqual([['sell', false, seen?.coins]]);

    daemon.child.kill('SIGTERM');
    const stopped = await daemon.exited;
    expect(stopped.code, stopped.stderr.slice(-3000)).toBe(0);
    expectStoreEqualsAccount(emu, home.dir);

    // A restart recognises the trade as the bot's: it reconciles, trades a few iterations, and stops cleanly.
    const again = await runToEnd(liveArgs(home.dir, 3, 0.05));
    expect(again.code, again.stderr.slice(-3000)).toBe(0);
    expectStoreEqualsAccount(emu, home.dir);
  });
});
