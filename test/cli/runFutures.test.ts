import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { expectBooksBalance } from '../support/books.js';
import { runBot } from '../support/cli.js';
import { importBinanceHours } from '../support/importShared.js';
import { FAST_STRATEGY_YAML } from '../support/fastStrategy.js';
import { usdCandles } from '../support/kraken/index.js';
import { fundingFixture, KrakenFuturesEmulator } from '../support/krakenFutures/index.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

const H = 3_600_000;
const START = Date.parse('2024-06-01T00:30:00Z');

describe.skipIf(!hasSharedData)(`bot run --sandbox --venue kraken-futures ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const fixture = fundingFixture(START - 200 * 24 * H, START + 30 * 24 * H);
  let emu: KrakenFuturesEmulator;
  beforeAll(async () => {
    // Emulated time runs 4 hours per wall second, so a short run sees several bars close.
    emu = await KrakenFuturesEmulator.start({
      candles: usdCandles(['SOL/USD', 'BTC/USD']),
      now: START,
      speed: 4 * 3600,
      funding: new Map([
        ['PF_SOLUSD', fixture],
        ['PF_XBTUSD', fixture],
      ]),
    });
  });
  afterAll(async () => emu.close());

  it("paper-trades the perpetuals on Kraken Futures' data: their own series, funding charged at the exchange's published rates", async () => {
    const home = makeTempHome();
    try {
      // exchange.apiUrl points nowhere: a futures run must never ask Kraken spot anything.
      writeHomeConfig(
        home.dir,
        `exchange: { apiUrl: "http://127.0.0.1:9", futuresApiUrl: "${emu.url}", timeoutMs: 5000 }\nassets: [SOL/USD]\n${FAST_STRATEGY_YAML}`,
      );
      const run = await runBot(['--home', home.dir, 'run', '--sandbox', '--venue', 'kraken-futures', '--iterations', '12', '--interval', '0.3']);
      expect(run.code, run.stderr).toBe(0);
      const status = (await runBot(['--home', home.dir, 'status'])).stdout;
      expect(status).toMatch(/^epoch 1 \(paper, capital 10,000\.00 USD, started [^)]+\) {3}venue: kraken-futures {3}daemon: not running$/m);
      expect(status).toMatch(/^funding paid [\d,.]+ {3}received [\d,.]+$/m);
      const store = Store.open(path.join(home.dir, 'bot.db'), { readonly: true });
      try {
        expect(store.candles.sourceOf('SOL/USD:USD', '1h')).toBe('kraken-futures-api');
        expect(store.candles.summary('SOL/USD:USD', '1h').count).toBeGreaterThanOrEqual(300);
        expect(store.candles.summary('SOL/USD', '1h').count).toBe(0);
        expect(store.db.prepare('SELECT venue FROM epochs WHERE id = 1').get()).toEqual({ venue: 'kraken-futures' });
        const decisions = store.db.prepare('SELECT COUNT(*) AS n FROM decisions WHERE epoch_id = 1').get() as { n: number };
        expect(decisions.n).toBeGreaterThanOrEqual(3);
        // Every funding charge at the rate Kraken published for its period (test fixture rates).
        const charges = store.trading.charges(1).filter((c) => c.kind === 'funding');
        expect(charges.length).toBeGreaterThan(0);
        const byTime = new Map(fixture.map((r) => [r.time, r.relative]));
        for (const c of charges) expect(c.rate).toBe(byTime.get(c.time - H));
        expectBooksBalance(store, 1);
      } finally {
        store.close();
      }
    } finally {
      home.cleanup();
    }
  });

  it('keeps a portfolio on its venue: a futures run starts its own epoch beside the spot one, and each continues its own', async () => {
    const home = makeTempHome();
    try {
      writeHomeConfig(home.dir, `assets: [SOL/USD]\nmarketLead: null\n${FAST_STRATEGY_YAML}`);
      await importBinanceHours(home.dir, 'SOL/USD');
      const replay = (venue: string) =>
        runBot(['--home', home.dir, 'run', '--sandbox', '--feed', 'replay', '--venue', venue, '--from', '2024-06-01', '--iterations', '30', '--interval', '0']);
      for (const venue of ['kraken-spot', 'kraken-futures', 'kraken-spot']) expect((await replay(venue)).code).toBe(0);
      const status = JSON.parse((await runBot(['--home', home.dir, 'status', '--json', '--epochs'])).stdout) as { epochs: { epoch: number }[] };
      expect(status.epochs.map((e) => e.epoch)).toEqual([1, 2]);
      const store = Store.open(path.join(home.dir, 'bot.db'), { readonly: true });
      try {
        expect(store.db.prepare('SELECT id, venue FROM epochs ORDER BY id').all()).toEqual([
          { id: 1, venue: 'kraken-spot' },
          { id: 2, venue: 'kraken-futures' },
        ]);
        // The spot epoch played 60 bars over its two runs, the futures one 30.
        const played = (id: number) => (store.db.prepare('SELECT COUNT(*) AS n FROM equity_snapshots WHERE epoch_id = ?').get(id) as { n: number }).n;
        expect([played(1), played(2)]).toEqual([60, 30]);
        expect(store.trading.charges(1).every((c) => c.kind !== 'funding')).toBe(true);
      } finally {
        store.close();
      }
    } finally {
      home.cleanup();
    }
  });
});
