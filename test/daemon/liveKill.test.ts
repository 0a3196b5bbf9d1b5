import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../src/domain/random.js';
import { latestEpochOf } from '../../src/store/epochModes.js';
import { Store } from '../../src/store/store.js';
import { expectBooksBalance } from '../support/books.js';
import type { KrakenEmulator } from '../support/kraken/index.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';
import { spawnBot, waitFor } from '../support/botProcess.js';
import { databaseOf, LIVE_ENV, liveArgs, resentOrders, runAndKill, startLiveEmulator, unexplainedBooks, writeLiveHome, type KillRound } from './liveHarness.js';
import { expectStoreEqualsAccount } from './expectStoreEqualsAccount.js';

describe.skipIf(!hasSharedData)(`live daemon: kill -9 at random points, then restart ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  let emu: KrakenEmulator;
  beforeAll(async () => {
    emu = await startLiveEmulator({ seed: 3 });
    writeLiveHome(home.dir, emu);
  });
  afterAll(async () => {
    await emu.close();
    home.cleanup();
  });

  // Every wait below is on a condition, timed from the daemon's first heartbeat; these budgets only
  // bound a daemon that hangs, so they are generous for a busy two-core machine.
  it('sends no order twice, loses no fill, and ends with the store equal to the account', { timeout: 900_000 }, async () => {
    const rng = seededRng(20240304);
    const rounds: KillRound[] = [];
    // A daemon that never ends by itself: only a kill or a signal stops it.
    const command = liveArgs(home.dir, 1_000_000, 0.05);
    for (let i = 0; i < 4; i++) {
      const r = await runAndKill(command, emu, rng, { home: home.dir, minMs: 500, maxMs: 4000 });
      expect(r.code === null || r.code === 75, r.stderr.slice(-2000)).toBe(true);
      rounds.push(r);
    }
    // Killed in the loop, not in start-up: after the first heartbeat, some right as an order went out.
    expect(rounds.filter((r) => r.killed && r.midRun).length).toBeGreaterThanOrEqual(3);
    expect(rounds.some((r) => r.trigger === 'addOrder')).toBe(true);

    // The same command once more, stopped by SIGTERM: its start-up reconciles what the last kill left
    // behind, and it stops cleanly after the iteration in progress.
    const last = spawnBot(command, LIVE_ENV);
    // One public/Time reading per loop iteration: twenty of them, and enough bars stepped over (equity
    // points) for the continuity check below; under load an iteration may see no new bar.
    const readings = emu.requestsTo('public/Time').length;
    await waitFor(() => emu.requestsTo('public/Time').length > readings + 20 && unexplainedBooks(databaseOf(home.dir)).length > 5, 600_000, 200);
    last.child.kill('SIGTERM');
    const stopped = await last.exited;
    expect(stopped.code, stopped.stderr.slice(-2000)).toBe(0);

    // An order whose answer a kill cut off was looked up by its cl_ord_id after the restart, never sent again.
    expect(resentOrders(emu.requestsTo('private/AddOrder'))).toEqual([]);
    // Equity is continuous across the restarts: every point's cash and margin is what the fills booked by then explain.
    const audit = expectStoreEqualsAccount(emu, home.dir);
    expect(audit.ordersBooked).toBeGreaterThan(0);
    expect(unexplainedBooks(databaseOf(home.dir)).length).toBeGreaterThan(5);

    const store = Store.open(databaseOf(home.dir), { readonly: true });
    try {
      const epochs = store.trading.epochs();
      // Every restart continued the one live epoch.
      expect(epochs).toHaveLength(1);
      expectBooksBalance(store, latestEpochOf(store.db, 'live')?.id ?? 0);
    } finally {
      store.close();
    }
  });
});
