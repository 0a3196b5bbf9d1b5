import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { expectBooksBalance } from '../support/books.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { FAST_STRATEGY_YAML } from '../support/fastStrategy.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

describe.skipIf(!hasSharedData)(`bot run --sandbox --feed replay, end to end ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  const h = ['--home', home.dir];
  afterAll(() => home.cleanup());

  beforeAll(async () => {
    writeHomeConfig(home.dir, FAST_STRATEGY_YAML);
    const imported = await runBot([...h, 'data', 'import', sharedFile('binance', 'SOL-USDT_1h.csv'), '--symbol', 'SOL/USD', '--timeframe', '1h']);
    expect(imported.code, imported.stderr).toBe(0);
    const reset = await runBot([...h, 'reset', '--capital', '25000']);
    expect(reset.code, reset.stderr).toBe(0);
  });

  it('trades 1500 bars of SOL from 2024-01-01 and its books balance', async () => {
    const run = await runBot([
      ...h,
      'run',
      '--sandbox',
      '--assets',
      'SOL/USD',
      '--feed',
      'replay',
      '--from',
      '2024-01-01',
      '--iterations',
      '1500',
      '--interval',
      '0',
    ]);
    expect(run.code, run.stderr).toBe(0);

    const status = await runBot([...h, 'status', '--json']);
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout) as {
      epoch: number;
      equity: number;
      cash: number;
      positions: unknown[];
      fills: number;
      fees: number;
      realizedPnl: number;
    };
    expect(s).toMatchObject({ epoch: 1, mode: 'paper' });
    expect(s.fills).toBeGreaterThan(20);
    expect(s.fees).toBeGreaterThan(0);

    const store = Store.open(path.join(home.dir, 'bot.db'), { readonly: true });
    try {
      const books = expectBooksBalance(store, 1);
      expect(books.fills).toBe(s.fills);
      expect(s.cash).toBeCloseTo(books.cash, 6);
      expect(s.equity).toBeCloseTo(books.equity, 6);
      // Realised P&L minus fees is exactly what cash gained or lost on closed positions.
      const fills = store.trading.fills(1);
      const fees = fills.reduce((a, f) => a + f.fee, 0);
      expect(s.fees).toBeCloseTo(fees, 6);
      const cursor = store.trading.cursors(1, '1h').get('SOL/USD');
      expect(cursor).toBe(Date.parse('2024-01-01T00:00:00Z') + 1499 * 3_600_000);
      const decisions = store.db.prepare('SELECT COUNT(*) AS n FROM decisions WHERE epoch_id = 1').get() as { n: number };
      expect(decisions.n).toBe(1500);
    } finally {
      store.close();
    }
  });

  it('continues the same epoch on the next run, and reset starts a new one keeping the old', async () => {
    const more = await runBot([...h, 'run', '--feed', 'replay', '--assets', 'SOL/USD', '--iterations', '10', '--interval', '0']);
    expect(more.code, more.stderr).toBe(0);
    const store = Store.open(path.join(home.dir, 'bot.db'), { readonly: true });
    expect(store.trading.cursors(1, '1h').get('SOL/USD')).toBe(Date.parse('2024-01-01T00:00:00Z') + 1509 * 3_600_000);
    store.close();

    expect((await runBot([...h, 'reset', '--capital', '5000'])).code).toBe(0);
    const epochs = JSON.parse((await runBot([...h, 'status', '--epochs', '--json'])).stdout) as { epochs: { epoch: number; capital: number; fills: number }[] };
    expect(epochs.epochs.map((e) => e.capital)).toEqual([25000, 5000]);
    expect(epochs.epochs[0]?.fills).toBeGreaterThan(0);
    const fresh = JSON.parse((await runBot([...h, 'status', '--json'])).stdout) as { epoch: number; cash: number; fills: number };
    expect(fresh).toMatchObject({ epoch: 2, cash: 5000, fills: 0 });
  });
});
