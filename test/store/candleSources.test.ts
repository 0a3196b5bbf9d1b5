import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CandleSourceConflict } from '../../src/store/candleSourceConflict.js';
import { openDatabase } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { Store } from '../../src/store/store.js';
import { makeTempHome } from '../support/tempHome.js';
import { thrown } from '../support/thrown.js';

const HOUR = 3_600_000;
const bar = (time: number, close = 100) => ({ time, open: 100, high: 101, low: 99, close, volume: 1 });

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('candle sources', () => {
  it('migration 9 records a source for every stored series: Kraken for a download, unknown for the rest', () => {
    const h = makeTempHome();
    cleanups.push(h.cleanup);
    const file = path.join(h.dir, 'bot.db');
    const before = MIGRATIONS.filter((m) => m.version < 9);
    const old = new Store(openDatabase(file, { migrations: before }));
    old.candles.upsert('SOL/USD', '1h', [bar(0), bar(HOUR)]);
    old.candles.upsert('BTC/USD', '1h', [bar(0)]);
    old.candles.upsert('BTC/USD', '5m', [bar(0)]);
    old.db.prepare("INSERT INTO download_state VALUES ('BTC/USD', '1h', 'trades', '1', 0, 0)").run();
    old.close();
    // A read-only command (data check) on a database a writing command has not migrated yet.
    const readOnly = Store.open(file, { readonly: true });
    expect(readOnly.candles.sourceOf('BTC/USD', '1h')).toBe('unknown');
    readOnly.close();

    const store = Store.open(file);
    cleanups.push(() => store.close());
    expect(store.db.prepare('SELECT * FROM candle_sources ORDER BY symbol, timeframe').all()).toEqual([
      { symbol: 'BTC/USD', timeframe: '1h', source: 'kraken-api' },
      { symbol: 'BTC/USD', timeframe: '5m', source: 'unknown' },
      { symbol: 'SOL/USD', timeframe: '1h', source: 'unknown' },
    ]);
    expect(store.candles.sourceOf('BTC/USD', '1h')).toBe('kraken-api');
    expect(store.candles.sourceOf('ETH/USD', '1h')).toBeUndefined();
  });

  it('keeps one source per series: the first claims it, the same extends it, another is refused', () => {
    const store = Store.open(':memory:');
    cleanups.push(() => store.close());
    expect(store.candles.upsertFrom('csv', 'BTC/USD', '1h', [bar(0), bar(HOUR)])).toBe('new');
    expect(store.candles.upsertFrom('csv', 'BTC/USD', '1h', [bar(2 * HOUR)])).toBe('same');
    const refused = thrown(() => store.candles.upsertFrom('kraken-ohlcvt', 'BTC/USD', '1h', [bar(HOUR, 200), bar(3 * HOUR)]), CandleSourceConflict);
    expect(refused.message).toBe(
      'BTC/USD 1h holds 3 bars from csv; bars from kraken-ohlcvt are not added to them: a series keeps one source, so two markets are never spliced into one',
    );
    expect(refused.hint).toMatch(/--replace/);
    expect(store.candles.range('BTC/USD', '1h').map((b) => b.close)).toEqual([100, 100, 100]);
    // Other series, other timeframes are other series.
    expect(store.candles.upsertFrom('kraken-ohlcvt', 'BTC/USD', '4h', [bar(0)])).toBe('new');
  });

  it('lets the first known source claim a series of unknown source', () => {
    const store = Store.open(':memory:');
    cleanups.push(() => store.close());
    store.candles.upsert('SOL/USD', '1h', [bar(0)]);
    expect(store.candles.sourceOf('SOL/USD', '1h')).toBe('unknown');
    expect(store.candles.upsertFrom('kraken-api', 'SOL/USD', '1h', [bar(HOUR)])).toBe('adopted');
    expect(store.candles.sourceOf('SOL/USD', '1h')).toBe('kraken-api');
    expect(() => store.candles.upsertFrom('csv', 'SOL/USD', '1h', [bar(HOUR)])).toThrow(CandleSourceConflict);
  });

  it('replaces a whole series and its download cursor, all or nothing with the new bars', () => {
    const store = Store.open(':memory:');
    cleanups.push(() => store.close());
    store.candles.upsertFrom('csv', 'BTC/USD', '1h', [bar(0), bar(HOUR), bar(2 * HOUR)]);
    store.db.prepare("INSERT INTO download_state VALUES ('BTC/USD', '1h', 'trades', '1', 0, 0)").run();

    expect(() =>
      store.transaction(() => {
        store.candles.replaceSeries('BTC/USD', '1h', 'kraken-api');
        throw new Error('the download failed');
      }),
    ).toThrow('the download failed');
    expect(store.candles.summary('BTC/USD', '1h').count).toBe(3);
    expect(store.candles.sourceOf('BTC/USD', '1h')).toBe('csv');

    const gone = store.transaction(() => {
      const replaced = store.candles.replaceSeries('BTC/USD', '1h', 'kraken-api');
      store.candles.upsert('BTC/USD', '1h', [bar(5 * HOUR, 7)]);
      return replaced;
    });
    expect(gone).toEqual({ previous: 'csv', removed: 3 });
    expect(store.candles.range('BTC/USD', '1h')).toEqual([bar(5 * HOUR, 7)]);
    expect(store.candles.sourceOf('BTC/USD', '1h')).toBe('kraken-api');
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM download_state').get()).toEqual({ n: 0 });
  });
});
