import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openDatabase } from '../../src/store/database.js';
import { Store } from '../../src/store/store.js';
import { FatalError } from '../../src/internal/errors.js';
import { DamagedDatabaseError } from '../../src/store/databaseErrors.js';
import { tempDatabases } from '../support/tempDatabases.js';
import type { Fill } from '../../src/domain/fill.js';

const dbFile = tempDatabases();

const fill = (id: string): Fill => ({
  id,
  clientOrderId: 'o1',
  positionId: 'o1',
  symbol: 'SOL/USD',
  side: 'buy',
  quantity: 1,
  price: 100,
  fee: 0.26,
  liquidity: 'taker',
  time: 1000,
  effect: 'open',
  leverage: 2,
  margin: 50,
  realizedPnl: 0,
  cashDelta: -50.26,
});

describe('database', () => {
  it('uses WAL, applies every migration once, and reopens without reapplying', () => {
    const file = dbFile();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    db.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    again.close();
  });

  it('refuses a database from a newer bot', () => {
    const file = dbFile();
    const db = openDatabase(file);
    db.prepare('INSERT INTO schema_migrations VALUES (999, ?, 0)').run('future');
    db.close();
    expect(() => openDatabase(file)).toThrow(FatalError);
  });

  it('upserts candles by (symbol, timeframe, time)', () => {
    const store = new Store(openDatabase(':memory:'));
    const bar = { time: 3_600_000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 };
    store.candles.upsert('SOL/USD', '1h', [bar, { ...bar, time: 7_200_000 }]);
    store.candles.upsert('SOL/USD', '1h', [{ ...bar, close: 1.7 }]);
    expect(store.candles.range('SOL/USD', '1h')).toEqual([
      { ...bar, close: 1.7 },
      { ...bar, time: 7_200_000 },
    ]);
    expect(store.candles.summary('SOL/USD', '1h')).toMatchObject({ count: 2, first: 3_600_000, last: 7_200_000 });
    expect(store.candles.before('SOL/USD', '1h', 7_200_000, 5)).toHaveLength(1);
    expect(store.candles.after('SOL/USD', '1h', 3_600_000, 5)).toHaveLength(1);
  });
});

describe('trading repository', () => {
  it('keeps earlier epochs when a new one starts', () => {
    const store = new Store(openDatabase(':memory:'));
    const a = store.trading.createEpoch(10_000, 1);
    const b = store.trading.createEpoch(25_000, 2);
    expect(store.trading.epochs().map((e) => e.id)).toEqual([a.id, b.id]);
    expect(store.trading.cash(a.id)).toBe(10_000);
    expect(store.trading.cash(b.id)).toBe(25_000);
    expect(store.trading.latestEpoch()?.id).toBe(b.id);
  });

  it('writes an iteration all or nothing: a duplicate fill rolls back the cash update with it', () => {
    const store = new Store(openDatabase(':memory:'));
    const e = store.trading.createEpoch(10_000, 1);
    const write = (cash: number, fills: Fill[]) =>
      store.trading.writeIteration({
        epochId: e.id,
        cash,
        time: 5000,
        orders: [],
        fills,
        openPositions: [],
        closedPositions: [],
        decisions: [],
        cursors: new Map([['SOL/USD', 4000]]),
        timeframe: '1h',
      });
    write(9_949.74, [fill('f1')]);
    expect(() => write(9_899.48, [fill('f2'), fill('f1')])).toThrow();
    expect(store.trading.cash(e.id)).toBe(9_949.74);
    expect(store.trading.fills(e.id).map((f) => f.id)).toEqual(['f1']);
    expect(store.trading.cursors(e.id, '1h').get('SOL/USD')).toBe(4000);
  });

  it('writes a reversal (close and re-open of one symbol in one iteration) with the close first', () => {
    const store = new Store(openDatabase(':memory:'));
    const e = store.trading.createEpoch(10_000, 1);
    const position = (id: string, side: 'long' | 'short') => ({
      id,
      symbol: 'SOL/USD',
      side,
      quantity: 1,
      entryPrice: 100,
      entryTime: 0,
      leverage: 2,
      margin: 50,
      liquidationPrice: side === 'long' ? 50.5 : 149.5,
      atr: 1,
      peakPrice: 100,
      trailing: false,
    });
    const write = (open: ReturnType<typeof position>[], closed: ReturnType<typeof position>[]) =>
      store.trading.writeIteration({
        epochId: e.id,
        cash: 9_000,
        time: 5000,
        orders: [],
        fills: [],
        openPositions: open,
        closedPositions: closed.map((p) => ({ position: p, exitPrice: 101, exitTime: 5000, exitReason: 'close' as const, realizedPnl: 1 })),
        decisions: [],
        cursors: new Map(),
        timeframe: '1h',
      });
    write([position('a', 'long')], []);
    write([position('b', 'short')], [position('a', 'long')]);
    expect(store.trading.openPositions(e.id).map((p) => p.id)).toEqual(['b']);
    const closed = store.db.prepare("SELECT id FROM positions WHERE status = 'closed'").all();
    expect(closed).toEqual([{ id: 'a' }]);
  });
});

describe('epochs', () => {
  it('a failed start may discard the epoch it created, but never one with history', () => {
    const store = Store.open(':memory:');
    try {
      const unused = store.trading.createEpoch(10_000, 1000, 'first run');
      expect(store.trading.discardUnusedEpoch(unused.id)).toBe(true);
      expect(store.trading.epochs()).toEqual([]);

      const used = store.trading.createEpoch(10_000, 2000, 'first run');
      store.trading.writeIteration({
        epochId: used.id,
        cash: 10_000,
        time: 3000,
        orders: [],
        fills: [],
        openPositions: [],
        closedPositions: [],
        decisions: [],
        cursors: new Map([['SOL/USD', 2000]]),
        timeframe: '1h',
      });
      expect(store.trading.discardUnusedEpoch(used.id)).toBe(false);
      expect(store.trading.epochs().map((e) => e.id)).toEqual([used.id]);
    } finally {
      store.close();
    }
  });
});

const modeOf = (f: string) => fs.statSync(f).mode & 0o777;

describe('database files', () => {
  it('a new database and its -wal and -shm files are readable by their owner only', () => {
    const file = dbFile();
    const db = openDatabase(file);
    try {
      db.prepare('INSERT INTO epochs (capital, created_at) VALUES (1000, 1)').run();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(f), f).toBe(0o600);
    } finally {
      db.close();
    }
  });

  it('an existing world-readable database, -wal and -shm are made private when opened for writing', () => {
    const file = dbFile();
    // Another program left them readable by everyone, the -wal with committed rows in it.
    const other = new Database(file);
    other.pragma('journal_mode = WAL');
    other.pragma('wal_autocheckpoint = 0');
    other.exec('CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES (1)');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.chmodSync(f, 0o644);
    const warnings: string[] = [];
    const db = openDatabase(file, { onWarning: (w) => warnings.push(w) });
    try {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(f), f).toBe(0o600);
      expect(warnings).toEqual([]);
    } finally {
      db.close();
      other.close();
    }
  });

  it('an empty file is refused, also for reading, and stays as it was', () => {
    const file = dbFile();
    fs.writeFileSync(file, '');
    expect(() => openDatabase(file)).toThrow(DamagedDatabaseError);
    expect(() => openDatabase(file, { readonly: true })).toThrow(/is empty \(0 bytes\)/);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['bot.db']);
    expect(fs.statSync(file).size).toBe(0);
  });

  it('a database whose creation failed is not left behind as an empty file', () => {
    const file = dbFile();
    const broken = [{ version: 1, name: 'broken', sql: 'CREATE TABLE' }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
    openDatabase(file).close();
  });
});
