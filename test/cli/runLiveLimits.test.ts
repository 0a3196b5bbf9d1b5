import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestEpochOf } from '../../src/store/epochModes.js';
import { Store } from '../../src/store/store.js';
import { expectBooksBalance } from '../support/books.js';
import { spawnBot, waitFor } from '../support/botProcess.js';
import { tradesOfBar, usdCandles, type EmulatorCandles, type KrakenEmulator } from '../support/kraken/index.js';
import type { PrivateOrder } from '../support/kraken/private/privateOrder.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';
import { databaseOf, LIVE_ENV, liveArgs, resentOrders, runToEnd, startLiveEmulator, writeLiveHome } from '../daemon/liveHarness.js';
import { expectStoreEqualsAccount } from '../daemon/expectStoreEqualsAccount.js';

const HOUR = 3_600_000;
const candles: EmulatorCandles = hasSharedData ? usdCandles(['SOL/USD', 'ETH/USD', 'BTC/USD']) : new Map();

/** The price of the emulator's tape print at `ms` (the one a fill at that instant took). */
function printAt(symbol: string, ms: number): number {
  const start = Math.floor(ms / HOUR) * HOUR;
  const bar = (candles.get(symbol)?.[60] ?? []).find((b) => b.time === start);
  const print = bar ? tradesOfBar(bar, HOUR).find((p) => p.ms === ms) : undefined;
  if (!print) throw new Error(`no ${symbol} print at ${new Date(ms).toISOString()}`);
  return print.price;
}

describe.skipIf(!hasSharedData)(
  `bot run --live with the shipped execution (post-only limits) against the Kraken emulator ${hasSharedData ? '' : SHARED_DATA_MISSING}`,
  () => {
    const home = makeTempHome();
    let emu: KrakenEmulator;
    beforeAll(async () => {
      emu = await startLiveEmulator({ seed: 5 });
      // The fast strategy on hours, its orders as shipped: post-only limits at the close, crossed at market after 3 bars.
      writeLiveHome(home.dir, emu, { limits: true });
    });
    afterAll(async () => {
      await emu.close();
      home.cleanup();
    });

    // The budget only bounds a daemon that hangs: a hundred iterations take a minute or two on a busy machine.
    it('runs 100 iterations on spot with post-only limits: each rests, fills as maker, is refused, or is cancelled and crossed; the store equals the account', {
      timeout: 600_000,
    }, async () => {
      const run = await runToEnd(liveArgs(home.dir, 100, 0.05), { BOT_LOG_LEVEL: 'info' });
      expect(run.code, run.stderr.slice(-3000)).toBe(0);
      const audit = expectStoreEqualsAccount(emu, home.dir);
      expect(audit.exchangeTrades).toBeGreaterThan(0);

      const account = emu.exchange.account;
      const adds = emu.requestsTo('private/AddOrder');
      const limits = adds.filter((r) => r.params['ordertype'] === 'limit');
      // Every decided order went out as a post-only limit at first, fees asked in USD; long only, cash only: spot.
      expect(limits.length).toBeGreaterThan(0);
      expect(limits.every((r) => r.params['oflags'] === 'fciq,post')).toBe(true);
      expect(adds.every((r) => r.params['leverage'] === undefined && r.params['reduce_only'] === undefined)).toBe(true);
      expect(account.positions.openPositions()).toEqual([]);
      // Resting limits filled at their price, as maker, each by a print that traded through it (below a buy,
      // above a sell) after the order was booked: a print at the price is not enough.
      const maker = account.trades.filter((t) => t.order.postOnly);
      expect(maker.length).toBeGreaterThan(0);
      expect(maker.every((t) => t.maker && t.price === t.order.price)).toBe(true);
      for (const t of maker) {
        const print = printAt(t.order.market.symbol, t.time);
        expect(t.time).toBeGreaterThan(t.order.openTime);
        expect(t.order.side === 'buy' ? print - (t.order.price ?? NaN) : (t.order.price ?? NaN) - print, `print through ${t.id}`).toBeLessThan(0);
      }

      // What became of each post-only order: refused at placement (it would have taken liquidity, or the
      // daemon, a bar behind, sold coins a stop had just sold), or booked and then filled, or cancelled by
      // the bot after its timeout and then crossed at market under a new cl_ord_id.
      const booked = new Map([...account.orders.values()].map((o) => [o.clOrdId, o]));
      const cancels = new Set(emu.requestsTo('private/CancelOrder').map((r) => r.params['txid']));
      const refused = limits.filter((r) => r.error !== undefined);
      for (const r of limits) {
        const o = booked.get(r.params['cl_ord_id']);
        if (!o) {
          expect(['EOrder:Post only order', 'EOrder:Insufficient funds'], `limit ${r.params['cl_ord_id']}`).toContain(r.error);
          continue;
        }
        if (o.status === 'canceled') {
          // Cancelled by the bot (CancelOrder), once its timeout passed or a new decision replaced it.
          expect(cancels.has(o.txid)).toBe(true);
          // Crossed at market: the next order on that pair is a market order on the same side with its own
          // cl_ord_id. (On a loaded machine the daemon may step over several bars at once: the new decision
          // is then a fresh limit.)
          const next = adds.find(
            (a) => a.now >= (o.closeTime ?? 0) && a.params['pair'] === r.params['pair'] && a.params['cl_ord_id'] !== r.params['cl_ord_id'],
          );
          expect(next, `an order after cancelled ${r.params['cl_ord_id']}`).toBeDefined();
        } else expect(['closed', 'open']).toContain(o.status);
      }
      // Whether a limit times out here depends on how fast the daemon keeps up with the emulator's clock (a
      // daemon a bar behind sees more of them time out): a cancelled limit is always followed by a new order,
      // and the timeout-then-market path itself is pinned in test/execution/live/liveParity.test.ts.

      const store = Store.open(databaseOf(home.dir), { readonly: true });
      try {
        const epoch = latestEpochOf(store.db, 'live');
        expectBooksBalance(store, epoch?.id ?? 0);
        const fills = store.trading.fills(epoch?.id ?? 0);
        expect(fills.every((f) => f.leverage === 1)).toBe(true);
        expect(fills.some((f) => f.liquidity === 'maker')).toBe(true);
        // A refused order is a rejected one with the exchange's reason, and it was sent once.
        const rejected = store.trading
          .orders(epoch?.id ?? 0)
          .filter((o) => o.status === 'rejected' && /EOrder:(Post only order|Insufficient funds)/.test(o.rejectReason ?? ''));
        expect(rejected).toHaveLength(refused.length);
        expect(refused.some((r) => r.error === 'EOrder:Post only order')).toBe(true);
      } finally {
        store.close();
      }
    });
  },
);

/** The journal's row of the order sent under this cl_ord_id. */
function journalled(home: string, exchangeClientId: string): { status: string; venueOrderId: string | null; filled: number } | undefined {
  const store = Store.open(databaseOf(home), { readonly: true });
  try {
    const row = store.db
      .prepare('SELECT status, venue_order_id AS venueOrderId, filled_quantity AS filled FROM orders WHERE exchange_client_id = ?')
      .get(exchangeClientId) as { status: string; venueOrderId: string | null; filled: number } | undefined;
    return row;
  } finally {
    store.close();
  }
}

describe.skipIf(!hasSharedData)(`bot run --live: kill -9 while a post-only limit rests, then restart ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  let emu: KrakenEmulator;
  beforeAll(async () => {
    // Half an emulated hour per wall second: a limit rests up to three bars, six seconds, about a restart's time.
    emu = await startLiveEmulator({ seed: 9, speed: 1800 });
    writeLiveHome(home.dir, emu, { limits: true });
  });
  afterAll(async () => {
    await emu.close();
    home.cleanup();
  });

  it('finds the resting order by its cl_ord_id after the restart, never sends it again, and books what the exchange did with it', {
    timeout: 600_000,
  }, async () => {
    const daemon = spawnBot(liveArgs(home.dir, 1_000_000, 0.05), { ...LIVE_ENV, BOT_LOG_LEVEL: 'info' });
    let exited = false;
    void daemon.exited.then(() => (exited = true));
    const account = emu.exchange.account;
    let resting: PrivateOrder | undefined;
    // Killed the instant the exchange booked a post-only limit, still open: the daemon may not even have its answer.
    const restingNow = (): boolean => {
      resting = [...account.orders.values()].find((o) => o.postOnly && o.status === 'open');
      return resting !== undefined;
    };
    await waitFor(() => exited || restingNow(), 300_000, 2);
    daemon.child.kill('SIGKILL');
    const killed = await daemon.exited;
    expect(resting, killed.stderr.slice(-3000)).toBeDefined();
    expect(killed.signal).toBe('SIGKILL');
    const clientId = resting?.clOrdId ?? '';
    // The journal wrote the order before it was sent; whether it has the exchange's id depends on the instant.
    expect(['submitting', 'unknown', 'open']).toContain(journalled(home.dir, clientId)?.status);

    const again = await runToEnd(liveArgs(home.dir, 8, 0.05), { BOT_LOG_LEVEL: 'info' });
    expect(again.code, again.stderr.slice(-3000)).toBe(0);

    const adds = emu.requestsTo('private/AddOrder');
    expect(adds.filter((r) => r.params['cl_ord_id'] === clientId)).toHaveLength(1);
    expect(resentOrders(adds)).toEqual([]);
    // Found: the journal holds the exchange's id for it, and its fate as the exchange has it.
    const row = journalled(home.dir, clientId);
    expect(row?.venueOrderId).toBe(resting?.txid);
    const fate = { open: 'open', closed: 'filled', canceled: 'cancelled' }[resting?.status ?? 'open'];
    expect(row?.status).toBe(fate);
    expect(row?.filled).toBeCloseTo(resting?.filled ?? NaN, 9);
    const audit = expectStoreEqualsAccount(emu, home.dir);
    expect(audit.exchangeTrades).toBeGreaterThan(0);
  });
});
