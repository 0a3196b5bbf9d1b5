import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { expectBooksBalance } from '../support/books.js';
import { runBot } from '../support/cli.js';
import { KrakenEmulator, usdCandles } from '../support/kraken/index.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { FAST_STRATEGY_YAML } from '../support/fastStrategy.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

const HOUR = 3_600_000;

describe.skipIf(!hasSharedData)(`bot run --sandbox on live market data (the Kraken emulator) ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  let emulator: KrakenEmulator;
  const start = Date.parse('2024-06-01T00:30:00Z');
  beforeAll(async () => {
    // Emulated time runs 4 hours per wall second, so a short run sees several bars close.
    emulator = await KrakenEmulator.start({ candles: usdCandles(['SOL/USD', 'ETH/USD', 'BTC/USD']), now: start, speed: 4 * 3600 });
    writeHomeConfig(home.dir, `exchange:\n  apiUrl: ${emulator.url}\n  timeoutMs: 5000\nassets: [SOL/USD, ETH/USD]\n${FAST_STRATEGY_YAML}`);
  });
  afterAll(async () => {
    await emulator.close();
    home.cleanup();
  });

  it('trades the bars that close while it runs, on the market limits the exchange reports', async () => {
    const run = await runBot(['--home', home.dir, 'run', '--sandbox', '--iterations', '10', '--interval', '0.3']);
    expect(run.code, run.stderr).toBe(0);

    const store = Store.open(path.join(home.dir, 'bot.db'), { readonly: true });
    try {
      for (const symbol of ['SOL/USD', 'ETH/USD']) {
        // The warm-up history came from the exchange and was kept.
        const stored = store.candles.summary(symbol, '1h');
        expect(stored.count).toBeGreaterThanOrEqual(300);
        const decisions = store.db.prepare('SELECT bar_time AS t FROM decisions WHERE epoch_id = 1 AND symbol = ? ORDER BY bar_time').all(symbol) as {
          t: number;
        }[];
        expect(decisions.length).toBeGreaterThanOrEqual(3);
        // Only bars that closed after start-up are decided on, each once, never the unfinished one.
        for (const d of decisions) expect(d.t).toBeGreaterThanOrEqual(Date.parse('2024-06-01T00:00:00Z'));
        expect(new Set(decisions.map((d) => d.t)).size).toBe(decisions.length);
        expect((decisions.at(-1)?.t ?? 0) + HOUR).toBeLessThanOrEqual(emulator.now());
      }
      const markets = store.db.prepare('SELECT symbol, info FROM markets ORDER BY symbol').all() as { symbol: string; info: string }[];
      // The traded assets and the market lead (BTC/USD, observed for the market regime).
      expect(markets.map((m) => m.symbol)).toEqual(['BTC/USD', 'ETH/USD', 'SOL/USD']);
      expect(JSON.parse(markets[2]?.info ?? '{}')).toMatchObject({ maxLeverage: 3, minAmount: 0.02 });
      expect(store.candles.summary('BTC/USD', '1h').count).toBeGreaterThanOrEqual(300);
      expectBooksBalance(store, 1);
    } finally {
      store.close();
    }
    expect(emulator.requestsTo('public/OHLC').length).toBeGreaterThan(10);
    expect(emulator.requests.filter((r) => r.route.startsWith('private/'))).toEqual([]);
  });
});
