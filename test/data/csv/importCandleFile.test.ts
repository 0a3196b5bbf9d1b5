import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importCandleFile, ROW_PROBLEM_LABELS, type RowProblemKind } from '../../../src/data/csv/index.js';
import { UserError } from '../../../src/internal/errors.js';
import { Store } from '../../../src/store/store.js';
import { hasSharedData, sharedFile } from '../../support/sharedData.js';
import { makeTempHome } from '../../support/tempHome.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function tempDir(): string {
  const h = makeTempHome('bot-csv-');
  cleanups.push(h.cleanup);
  return h.dir;
}

function writeLines(lines: readonly string[], name = 'bars.csv', eol = '\n'): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, lines.join(eol) + eol);
  return file;
}

function storeOf(): Store {
  const store = Store.open(':memory:');
  cleanups.push(() => store.close());
  return store;
}

async function failure(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

const count = (store: Store, symbol = 'SOL/USD') => store.candles.summary(symbol, '1h').count;

describe.skipIf(!hasSharedData)('importCandleFile: bad rows in copies of real files', () => {
  // The header and the first 12 real SOL/USDT hours; tests corrupt one line (file line numbers, header = 1).
  let real: string[] = [];
  beforeAll(() => {
    real = fs.readFileSync(sharedFile('binance', 'SOL-USDT_1h.csv'), 'utf8').split('\n').slice(0, 13);
  });

  type Edit = (lines: string[]) => void;
  const field =
    (line: number, col: number, value: (old: string, fields: string[]) => string): Edit =>
    (lines) => {
      const f = (lines[line - 1] as string).split(',');
      f[col] = value(f[col] as string, f);
      lines[line - 1] = f.join(',');
    };
  const cases: Array<{ kind: RowProblemKind; what: string; line: number; edit: Edit; says: RegExp }> = [
    {
      kind: 'column-count',
      what: 'a missing column',
      line: 6,
      edit: (l) => (l[5] = (l[5] as string).split(',').slice(0, 5).join(',')),
      says: /expected 6 columns .* found 5/,
    },
    { kind: 'column-count', what: 'an extra column', line: 9, edit: (l) => (l[8] += ',12'), says: /found 7/ },
    { kind: 'not-a-number', what: 'text', line: 6, edit: field(6, 2, () => 'abc'), says: /high is not a number \("abc"\)/ },
    { kind: 'not-a-number', what: 'NaN', line: 7, edit: field(7, 4, () => 'NaN'), says: /close is not a number \("NaN"\)/ },
    { kind: 'not-a-number', what: 'Infinity', line: 7, edit: field(7, 1, () => 'Infinity'), says: /open is not a number \("Infinity"\)/ },
    { kind: 'not-a-number', what: 'an empty field', line: 8, edit: field(8, 5, () => ''), says: /volume is not a number \(""\)/ },
    { kind: 'not-a-number', what: 'an overflowing exponent', line: 9, edit: field(9, 2, () => '1e999'), says: /high is not a finite number \("1e999"\)/ },
    { kind: 'not-a-number', what: 'hex', line: 8, edit: field(8, 3, () => '0x10'), says: /low is not a number/ },
    {
      kind: 'bad-timestamp',
      what: 'seconds in a milliseconds file',
      line: 6,
      edit: field(6, 0, (t) => String(Number(t) / 1000)),
      says: /timestamp is not a whole number of epoch milliseconds .*--format kraken/,
    },
    { kind: 'non-positive-price', what: 'a zero low', line: 6, edit: field(6, 3, () => '0'), says: /low is not positive \("0"\)/ },
    { kind: 'non-positive-price', what: 'a negative open', line: 10, edit: field(10, 1, () => '-2.9'), says: /open is not positive \("-2.9"\)/ },
    { kind: 'negative-volume', what: 'negative volume', line: 6, edit: field(6, 5, () => '-1'), says: /volume is negative \("-1"\)/ },
    {
      kind: 'high-below-low',
      what: 'high and low swapped',
      line: 6,
      edit: (l) => {
        const f = (l[5] as string).split(',');
        [f[2], f[3]] = [f[3] as string, f[2] as string];
        l[5] = f.join(',');
      },
      says: /high is below low \(high 2.8433 < low 2.9329\)/,
    },
    { kind: 'outside-range', what: 'open above high', line: 6, edit: field(6, 1, (_o, f) => String(Number(f[2]) * 2)), says: /open is outside \[low, high\]/ },
    {
      kind: 'outside-range',
      what: 'close below low',
      line: 11,
      edit: field(11, 4, (_c, f) => String(Number(f[3]) / 2)),
      says: /close is outside \[low, high\]/,
    },
    {
      kind: 'misaligned',
      what: 'a time one second past the hour',
      line: 6,
      edit: field(6, 0, (t) => String(Number(t) + 1000)),
      says: /not aligned to 1h bars .*2020-08-11 10:00:01/,
    },
    {
      kind: 'unsorted',
      what: 'two rows swapped',
      line: 7,
      edit: (l) => {
        [l[5], l[6]] = [l[6] as string, l[5] as string];
      },
      says: /earlier than the previous row's \(2020-08-11 10:00 < 2020-08-11 11:00 at line 6\)/,
    },
    {
      kind: 'duplicate',
      what: 'a repeated time',
      line: 6,
      edit: field(6, 0, () => (real[4] as string).split(',')[0] as string),
      says: /duplicate timestamp \(2020-08-11 09:00, also at line 5\)/,
    },
  ];

  for (const c of cases) {
    it(`${c.kind} (${c.what}): names file:line and the kind, and stores nothing; --skip-bad stores the rest`, async () => {
      const lines = [...real];
      c.edit(lines);
      const file = writeLines(lines);
      const store = storeOf();
      const err = await failure(importCandleFile(store, { file, symbol: 'SOL/USD', timeframe: '1h' }));
      expect(err.message).toContain(`${file}: 1 bad row; nothing was imported`);
      expect(err.message).toContain(`by kind: 1 ${ROW_PROBLEM_LABELS[c.kind]}`);
      const listed = err.message.split('\n').find((l) => l.includes(`${file}:${c.line}: `));
      expect(listed).toMatch(c.says);
      expect(listed).toMatch(/ — \S/);
      expect(err.hint).toMatch(/--skip-bad/);
      expect(count(store)).toBe(0);

      const summary = await importCandleFile(store, { file, symbol: 'SOL/USD', timeframe: '1h', skipBad: true });
      expect(summary).toMatchObject({ rowsRead: 12, imported: 11, skipped: 1, skippedByKind: { [c.kind]: 1 } });
      expect(summary.problems).toEqual([expect.objectContaining({ line: c.line, kind: c.kind })]);
      expect(count(store)).toBe(11);
    });
  }

  it('takes zero volume (exchanges publish zero-volume outage bars)', async () => {
    const lines = [...real];
    field(6, 5, () => '0.0')(lines);
    const store = storeOf();
    const summary = await importCandleFile(store, { file: writeLines(lines), symbol: 'SOL/USD', timeframe: '1h' });
    expect(summary.imported).toBe(12);
    expect(store.candles.range('SOL/USD', '1h')[4]?.volume).toBe(0);
  });

  it('leaves what the store held before a refused import as it was', async () => {
    const store = storeOf();
    await importCandleFile(store, { file: writeLines(real), symbol: 'SOL/USD', timeframe: '1h' });
    const before = store.candles.range('SOL/USD', '1h');
    const lines = [...real, '1597172400000,3.30,3.40,3.20,3.35,100', '1597172400000,3.30,3.40,3.20,3.35,100'];
    field(3, 4, () => '99')(lines);
    const err = await failure(importCandleFile(store, { file: writeLines(lines), symbol: 'SOL/USD', timeframe: '1h' }));
    expect(err.message).toMatch(/2 bad rows/);
    expect(store.candles.range('SOL/USD', '1h')).toEqual(before);
  });

  it('rolls back rows already written when a bad one comes late in a long file', async () => {
    const long = fs.readFileSync(sharedFile('binance', 'SOL-USDT_1h.csv'), 'utf8').split('\n').slice(0, 10_001);
    field(9_990, 5, () => '-3')(long);
    const file = writeLines(long);
    const store = storeOf();
    const err = await failure(importCandleFile(store, { file, symbol: 'SOL/USD', timeframe: '1h' }));
    expect(err.message).toContain(`${file}:9990: volume is negative`);
    expect(count(store)).toBe(0);
    const summary = await importCandleFile(store, { file, symbol: 'SOL/USD', timeframe: '1h', skipBad: true });
    expect(summary).toMatchObject({ rowsRead: 10_000, imported: 9_999, skipped: 1 });
    expect(count(store)).toBe(9_999);
  });

  it('lists the first 20 bad rows and counts them all', async () => {
    const lines = [...real];
    for (let i = 0; i < 25; i++) lines.push('1597172400000,1,2,3');
    const file = writeLines(lines);
    const err = await failure(importCandleFile(storeOf(), { file, symbol: 'SOL/USD', timeframe: '1h' }));
    expect(err.message).toMatch(/25 bad rows/);
    expect(err.message.split('\n').filter((l) => new RegExp(`${file}:\\d+: `).test(l))).toHaveLength(20);
    expect(err.message).toContain('… and 5 more');
  });

  it('reads CRLF line endings, a byte-order mark, blank lines and spaces around numbers', async () => {
    const lines = [`\uFEFF${real[0]}`, ...real.slice(1, 7), '', ...real.slice(7), '', ''];
    field(3, 1, (v) => ` ${v} `)(lines);
    const summary = await importCandleFile(storeOf(), { file: writeLines(lines, 'win.csv', '\r\n'), symbol: 'SOL/USD', timeframe: '1h' });
    expect(summary).toMatchObject({ format: 'csv', rowsRead: 12, imported: 12, skipped: 0 });
  });

  it('imports the same file twice to the same candles', async () => {
    const file = writeLines(real);
    const store = storeOf();
    await importCandleFile(store, { file, symbol: 'SOL/USD', timeframe: '1h' });
    const once = store.candles.range('SOL/USD', '1h');
    await importCandleFile(store, { file, symbol: 'SOL/USD', timeframe: '1h' });
    expect(store.candles.range('SOL/USD', '1h')).toEqual(once);
    expect(once[0]).toEqual({ time: 1597125600000, open: 2.85, high: 3.47, low: 2.85, close: 2.9515, volume: 20032.26 });
  });

  it('reports progress up to the whole file', async () => {
    const file = writeLines(real);
    const seen: Array<[number, number]> = [];
    await importCandleFile(storeOf(), { file, symbol: 'SOL/USD', timeframe: '1h', onProgress: (d, t) => seen.push([d, t]) });
    const size = fs.statSync(file).size;
    expect(seen.at(-1)).toEqual([size, size]);
  });

  it('refuses a file whose every row is bad, even with --skip-bad', async () => {
    const file = writeLines([real[0] as string, '1597125600000,1,2', '1597129200000,1,2']);
    const err = await failure(importCandleFile(storeOf(), { file, symbol: 'SOL/USD', timeframe: '1h', skipBad: true }));
    expect(err.message).toMatch(/all 2 rows are bad; nothing was imported/);
  });

  it('refuses a file without rows, and one whose format it cannot tell', async () => {
    let err = await failure(importCandleFile(storeOf(), { file: writeLines([real[0] as string]), symbol: 'SOL/USD', timeframe: '1h' }));
    expect(err.message).toMatch(/has no candle rows/);
    err = await failure(importCandleFile(storeOf(), { file: writeLines(real.slice(1)), symbol: 'SOL/USD', timeframe: '1h' }));
    expect(err.message).toMatch(/cannot tell the format .* known formats:\n {2}csv: .*\n {2}kraken: /);
    expect(err.hint).toBe('pass --format csv or --format kraken');
  });

  it('names the file it cannot read', async () => {
    const missing = path.join(tempDir(), 'nope.csv');
    const err = await failure(importCandleFile(storeOf(), { file: missing, symbol: 'SOL/USD', timeframe: '1h' }));
    expect(err.message).toBe(`cannot read ${missing}: ENOENT`);
    const dir = tempDir();
    expect((await failure(importCandleFile(storeOf(), { file: dir, symbol: 'SOL/USD', timeframe: '1h' }))).message).toMatch(/not a file/);
  });
});

describe.skipIf(!hasSharedData)('importCandleFile: Kraken OHLCVT rows', () => {
  let real: string[] = [];
  beforeAll(() => {
    real = fs.readFileSync(sharedFile('kraken', 'XBTUSD_60.csv'), 'utf8').split('\n').slice(0, 10);
  });

  it('converts seconds to milliseconds and drops the trade count', async () => {
    const store = storeOf();
    const summary = await importCandleFile(store, { file: writeLines(real), symbol: 'BTC/USD', timeframe: '1h' });
    expect(summary).toMatchObject({ format: 'kraken', rowsRead: 10, imported: 10, first: 1381093200000 });
    expect(store.candles.range('BTC/USD', '1h')[0]).toEqual({ time: 1381093200000, open: 122, high: 122, low: 122, close: 122, volume: 0.1 });
  });

  it('names the column of a bad field, trades included', async () => {
    const lines = [...real];
    lines[3] = (lines[3] as string).replace(/,\d+$/, ',x');
    lines[6] = (lines[6] as string)
      .split(',')
      .map((f, i) => (i === 5 ? '-0.5' : f))
      .join(',');
    const file = writeLines(lines);
    const err = await failure(importCandleFile(storeOf(), { file, symbol: 'BTC/USD', timeframe: '1h', format: 'kraken' }));
    expect(err.message).toMatch(new RegExp(`${file}:4: trades is not a number \\("x"\\)`));
    expect(err.message).toMatch(new RegExp(`${file}:7: volume is negative \\("-0.5"\\)`));
  });

  it('says which format a Kraken file is when --format csv was asked for', async () => {
    const file = writeLines(real);
    const err = await failure(importCandleFile(storeOf(), { file, symbol: 'BTC/USD', timeframe: '1h', format: 'csv' }));
    expect(err.message).toMatch(new RegExp(`^${file}:1: expected the header timestamp,open,high,low,close,volume`));
    expect(err.hint).toMatch(/--format kraken/);
  });
});
