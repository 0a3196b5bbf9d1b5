import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestEpochOf } from '../../src/store/epochModes.js';
import { Store } from '../../src/store/store.js';
import { expectBooksBalance } from '../support/books.js';
import { spawnBot } from '../support/botProcess.js';
import { runBot } from '../support/cli.js';
import type { KrakenEmulator } from '../support/kraken/index.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';
import { databaseOf, LIVE_ENV, LIVE_KEY, LIVE_SECRET, liveArgs, startLiveEmulator, writeLiveHome } from '../daemon/liveHarness.js';
import { expectStoreEqualsAccount } from '../daemon/expectStoreEqualsAccount.js';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!hasSharedData)(`bot run --live against the Kraken emulator ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  let emu: KrakenEmulator;
  beforeAll(async () => {
    // Two emulated hours per wall second: a run of a few seconds sees a dozen bars close.
    emu = await startLiveEmulator();
    writeLiveHome(home.dir, emu);
  });
  afterAll(async () => {
    await emu.close();
    home.cleanup();
  });

  it('runs 100 iterations from start to clean stop, trades on the account, and leaves the store equal to the exchange', async () => {
    const port = await freePort();
    const proc = spawnBot(liveArgs(home.dir, 100, 0.05, ['--metrics-port', String(port)]), { ...LIVE_ENV, BOT_LOG_LEVEL: 'debug' });
    let exited = false;
    void proc.exited.then(() => (exited = true));

    // Metrics, read while the daemon trades.
    let metrics = '';
    while (!exited && !/bot_iterations_total(\{[^}]*\})? ([2-9]|\d\d)/.test(metrics)) {
      metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then(
        (r) => r.text(),
        () => '',
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    const run = await proc.exited;
    expect(run.code, run.stderr.slice(-3000)).toBe(0);

    for (const name of [
      'bot_equity',
      'bot_cash',
      'bot_positions',
      'bot_open_orders',
      'bot_orders',
      'bot_errors_total',
      'bot_loop_latency_seconds_bucket',
      'bot_iterations_total',
    ]) {
      expect(metrics, name).toMatch(new RegExp(`^${name}\\{`, 'm'));
    }
    expect(metrics).toMatch(/^bot_equity\{mode="live"\} \d+/m);
    expect(metrics).toMatch(/^bot_model_info\{asset="SOL\/USD",scorer="trend",mode="live"\} 1/m);

    // Before the first order: what is at stake, on stdout.
    expect(run.stdout).toContain('LIVE TRADING on kraken');
    expect(run.stdout).toMatch(/capital at risk:\s+10,000\.00 USD/);
    expect(run.stdout).toMatch(/SOL\/USD\s+max leverage 3x \(asset range 125x, venue 3x, global cap 125x\); stop-losses on the exchange/);
    expect(run.stdout).toMatch(/ETH\/USD\s+max leverage 5x \(asset range 100x, venue 5x, global cap 125x\); stop-losses on the exchange/);

    // Real orders went to the account, each once.
    // The store equals the exchange: every fill, the USD balance, the positions; nothing left unresolved.
    const audit = expectStoreEqualsAccount(emu, home.dir);
    expect(audit.ordersBooked).toBeGreaterThan(0);
    expect(audit.exchangeTrades).toBeGreaterThan(0);

    // bot status shows the live epoch as such, with the store's books.
    const status = await runBot(['--home', home.dir, 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ mode: 'live', capital: 10_000, fills: audit.storeFills });
    expect((await runBot(['--home', home.dir, 'status'])).stdout).toMatch(/epoch 1 \(LIVE on the exchange account, capital 10,000\.00 USD/);

    const store = Store.open(databaseOf(home.dir), { readonly: true });
    try {
      const epoch = latestEpochOf(store.db, 'live');
      expect(epoch?.capital).toBe(10_000);
      // The live epoch is not a paper one: a paper run would not continue it.
      expect(latestEpochOf(store.db, 'paper')).toBeUndefined();
      const books = expectBooksBalance(store, epoch?.id ?? 0);
      expect(books.fills).toBe(audit.storeFills);
      const decided = store.db.prepare('SELECT COUNT(DISTINCT bar_time) AS n FROM decisions WHERE epoch_id = ?').get(epoch?.id) as { n: number };
      expect(decided.n).toBeGreaterThanOrEqual(5);
      // Every journaled order went out with its cl_ord_id and came back with the exchange's txid.
      const rows = store.db
        .prepare('SELECT exchange_client_id AS x, venue_order_id AS v, status FROM orders WHERE epoch_id = ? AND exchange_client_id IS NOT NULL')
        .all(epoch?.id) as { x: string; v: string | null; status: string }[];
      const booked = new Map([...emu.exchange.account.orders.values()].map((o) => [o.clOrdId, o.txid]));
      for (const r of rows.filter((x) => x.status !== 'rejected')) expect(r.v).toBe(booked.get(r.x));
    } finally {
      store.close();
    }

    // Debug logging of a whole live run: the key and the secret appear nowhere.
    expect(run.stderr).toContain('"msg":"heartbeat"');
    for (const secret of [LIVE_KEY, LIVE_SECRET]) {
      expect(run.stderr).not.toContain(secret);
      expect(run.stdout).not.toContain(secret);
    }
    // The emulator did get signed requests with the key: the daemon had it, and never logged it.
    expect(emu.requestsTo('private/BalanceEx')[0]?.headers['api-key']).toBe(LIVE_KEY);
  });
});
