import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, sharedFile } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';

const at = (iso: string) => Date.parse(iso);

function storeIn(home: string): Store {
  return Store.open(path.join(home, 'bot.db'), { readonly: true });
}

describe.skipIf(!hasSharedData)('bot data import', () => {
  const sol = sharedFile('binance', 'SOL-USDT_1h.csv');
  const xbt = sharedFile('kraken', 'XBTUSD_60.csv');
  let home: ReturnType<typeof makeTempHome>;
  afterAll(() => home.cleanup());

  let first: Awaited<ReturnType<typeof runBot>>;
  beforeAll(async () => {
    home = makeTempHome();
    first = await runBot(['--home', home.dir, 'data', 'import', sol, '--symbol', 'SOL/USD', '--timeframe', '1h', '--json']);
  });

  it('imports the Binance SOL/USDT hours: every row, first and last bar, a known price', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      format: 'csv',
      rowsRead: 42_814,
      imported: 42_814,
      skipped: 0,
      skippedByKind: {},
      first: '2020-08-11T06:00:00.000Z',
      last: '2025-06-30T23:00:00.000Z',
      stored: { count: 42_814, first: '2020-08-11T06:00:00.000Z', last: '2025-06-30T23:00:00.000Z' },
    });
    const store = storeIn(home.dir);
    try {
      const t = at('2021-11-06T21:00:00Z');
      expect(store.candles.range('SOL/USD', '1h', t, t + 1)[0]?.high).toBe(259.9);
    } finally {
      store.close();
    }
  });

  it('imports it again to the same candles', async () => {
    const store = storeIn(home.dir);
    const sum = () => store.db.prepare("SELECT COUNT(*) AS n, SUM(open + high + low + close + volume) AS s FROM candles WHERE symbol = 'SOL/USD'").get();
    try {
      const before = sum();
      const again = await runBot(['--home', home.dir, 'data', 'import', sol, '--symbol', 'SOL/USD', '--timeframe', '1h']);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('rows read 42,814, imported 42,814, skipped 0');
      expect(again.stdout).toContain('first bar 2020-08-11 06:00 UTC, last bar 2025-06-30 23:00 UTC');
      expect(again.stdout).toContain('the store now holds 42,814 SOL/USD 1h bars');
      expect(sum()).toEqual(before);
    } finally {
      store.close();
    }
  });

  it("detects Kraken's OHLCVT export and imports it as BTC/USD", async () => {
    const r = await runBot(['--home', home.dir, 'data', 'import', xbt, '--symbol', 'BTC/USD', '--timeframe', '1h', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: 'kraken',
      rowsRead: 50_378,
      imported: 50_378,
      first: '2013-10-06T21:00:00.000Z',
      last: '2020-09-30T23:00:00.000Z',
    });
    const store = storeIn(home.dir);
    try {
      const t = at('2017-12-17T12:00:00Z');
      expect(store.candles.range('BTC/USD', '1h', t, t + 1)[0]).toMatchObject({ open: 19499.7, high: 19660, low: 19431.9, close: 19500 });
      expect(store.candles.summary('SOL/USD', '1h').count).toBe(42_814);
    } finally {
      store.close();
    }
  });

  describe('a copy of real rows with bad lines', () => {
    let work: ReturnType<typeof makeTempHome>;
    afterAll(() => work.cleanup());
    let file = '';
    beforeAll(() => {
      work = makeTempHome('bot-import-bad-');
      const lines = fs.readFileSync(sol, 'utf8').split('\n').slice(0, 11);
      lines[4] = (lines[4] as string).replace(/,[^,]*$/, ',-5');
      lines[8] = lines[7] as string;
      file = path.join(work.dir, 'sol-bad.csv');
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
    });

    it('refuses the whole file, naming each bad line, and stores nothing', async () => {
      const h = makeTempHome();
      try {
        const r = await runBot(['--home', h.dir, 'data', 'import', file, '--symbol', 'ETH/USD', '--timeframe', '1h']);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(`error: ${file}: 2 bad rows; nothing was imported`);
        expect(r.stderr).toContain('by kind: 1 negative volume, 1 duplicate timestamp');
        expect(r.stderr).toContain(`${file}:5: volume is negative ("-5")`);
        expect(r.stderr).toContain(`${file}:9: duplicate timestamp (2020-08-11 12:00, also at line 8)`);
        expect(r.stderr).toContain('--skip-bad');
        const store = storeIn(h.dir);
        expect(store.candles.series()).toEqual([]);
        store.close();
      } finally {
        h.cleanup();
      }
    });

    it('with --skip-bad stores the good rows and says what it skipped', async () => {
      const h = makeTempHome();
      try {
        const r = await runBot(['--home', h.dir, 'data', 'import', file, '--symbol', 'ETH/USD', '--timeframe', '1h', '--skip-bad']);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('rows read 10, imported 8, skipped 2 (1 negative volume, 1 duplicate timestamp)');
        expect(r.stderr).toContain(`skipped ${file}:5: volume is negative`);
        const json = await runBot(['--home', h.dir, 'data', 'import', file, '--symbol', 'ETH/USD', '--timeframe', '1h', '--skip-bad', '--json']);
        expect(JSON.parse(json.stdout)).toMatchObject({ imported: 8, skipped: 2, skippedByKind: { 'negative-volume': 1, duplicate: 1 } });
        const store = storeIn(h.dir);
        expect(store.candles.summary('ETH/USD', '1h').count).toBe(8);
        store.close();
      } finally {
        h.cleanup();
      }
    });
  });
});

describe('bot data import: user mistakes', () => {
  let home: ReturnType<typeof makeTempHome>;
  beforeAll(() => {
    home = makeTempHome();
  });
  afterAll(() => home.cleanup());

  it('names a file it cannot read', async () => {
    const missing = path.join(home.dir, 'missing.csv');
    const r = await runBot(['--home', home.dir, 'data', 'import', missing, '--symbol', 'SOL/USD', '--timeframe', '1h']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot read ${missing}: ENOENT`);
  });

  it('refuses a symbol the config could not name and an unknown timeframe', async () => {
    const file = path.join(home.dir, 'x.csv');
    fs.writeFileSync(file, 'timestamp,open,high,low,close,volume\n');
    let r = await runBot(['--home', home.dir, 'data', 'import', file, '--symbol', 'sol-usd', '--timeframe', '1h']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'sol-usd' is not a symbol: expected a symbol such as SOL\/USD/);
    r = await runBot(['--home', home.dir, 'data', 'import', file, '--symbol', 'SOL/USD', '--timeframe', '2h']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'2h' is not a timeframe; use one of 1m, 5m, 15m, 30m, 1h, 4h, 1d/);
  });

  it('says which formats exist when it cannot tell a file’s', async () => {
    const file = path.join(home.dir, 'odd.csv');
    fs.writeFileSync(file, 'date;price\n2024-01-01;3\n');
    const r = await runBot(['--home', home.dir, 'data', 'import', file, '--symbol', 'SOL/USD', '--timeframe', '1h']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot tell the format of ${file}`);
    expect(r.stderr).toMatch(/csv: header timestamp,open,high,low,close,volume/);
    expect(r.stderr).toMatch(/kraken: Kraken's OHLCVT export/);
    expect(r.stderr).toContain('pass --format csv or --format kraken');
  });
});
