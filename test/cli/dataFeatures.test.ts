import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures, defaultFeatureSet } from '../../src/features/index.js';
import { Store } from '../../src/store/store.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, readBinanceCsv, sharedFile } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';

const FROM = Date.parse('2020-08-01T00:00:00Z');
const UNTIL = Date.parse('2021-04-01T00:00:00Z');

function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header: (lines[0] ?? '').split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

describe.skipIf(!hasSharedData)('bot data features', () => {
  let home: ReturnType<typeof makeTempHome>;
  const sol = hasSharedData ? readBinanceCsv(sharedFile('binance', 'SOL-USDT_1h.csv')).filter((b) => b.time < UNTIL) : [];
  const btc = hasSharedData ? readBinanceCsv(sharedFile('binance', 'BTC-USDT_1h.csv')).filter((b) => b.time >= FROM && b.time < UNTIL) : [];
  const features = (...args: string[]) => runBot(['--home', home.dir, 'data', 'features', '--timeframe', '1h', ...args]);
  const out = (name: string) => path.join(home.dir, name);

  beforeAll(() => {
    home = makeTempHome();
    const store = Store.open(path.join(home.dir, 'bot.db'));
    store.candles.upsert('SOL/USD', '1h', sol);
    store.candles.upsert('BTC/USD', '1h', btc);
    store.close();
  });
  afterAll(() => home.cleanup());

  it('writes one row per bar: timestamp, every feature, the labels; empty cells in the warm-up, never NaN', async () => {
    const r = await features('--symbol', 'SOL/USD', '--out', out('sol.csv'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote 5,5\d\d rows of SOL\/USD 1h .* 51 features, 10 labels; features complete from row 200/);
    const text = fs.readFileSync(out('sol.csv'), 'utf8');
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
    const { header, rows } = readCsv(out('sol.csv'));
    const set = defaultFeatureSet();
    expect(header).toEqual([
      'timestamp',
      ...set.columns,
      ...[6, 24].flatMap((h) => [`fwd_logret_${h}`, `fwd_z_${h}`, `dir_${h}`, `tb_long_${h}`, `tb_short_${h}`]),
    ]);
    expect(rows).toHaveLength(sol.length);
    expect(rows.every((row) => row.length === header.length)).toBe(true);
    expect(rows.map((row) => Number(row[0]))).toEqual(sol.map((b) => b.time));
    const featureCells = (row: string[]) => row.slice(1, 1 + set.columns.length);
    expect(featureCells(rows[set.warmup - 1] as string[])).toContain('');
    expect(featureCells(rows[set.warmup] as string[])).not.toContain('');
    // The 24-bar labels are empty on the last 24 rows, the 6-bar ones on the last 6 only.
    const col = (name: string) => header.indexOf(name);
    expect(rows.slice(-24).every((row) => row[col('dir_24')] === '')).toBe(true);
    expect(rows.at(-25)?.[col('dir_24')]).toMatch(/^[012]$/);
    expect(rows.at(-7)?.[col('tb_long_6')]).toMatch(/^[012]$/);
    expect(rows.at(-6)?.[col('tb_long_6')]).toBe('');
    // Cells are the float32 feature values of the batch computation.
    const m = computeFeatures(set, sol, { symbol: 'SOL/USD', lead: btc });
    for (const i of [set.warmup, 3000, sol.length - 1]) {
      featureCells(rows[i] as string[]).forEach((cell, c) => expect(Math.fround(Number(cell)), `${set.columns[c]} row ${i}`).toBe(m.values[i * m.width + c]));
    }
  });

  it('--to cuts the candles: the rows before it are those of the full run, and no label reads past it', async () => {
    await features('--symbol', 'SOL/USD', '--out', out('full.csv'));
    const r = await features('--symbol', 'SOL/USD', '--to', '2021-01-01', '--out', out('cut.csv'));
    expect(r.code).toBe(0);
    const full = readCsv(out('full.csv'));
    const cut = readCsv(out('cut.csv'));
    const cutAt = Date.parse('2021-01-01T00:00:00Z');
    expect(cut.rows).toHaveLength(sol.filter((b) => b.time < cutAt).length);
    expect(Number(cut.rows.at(-1)?.[0])).toBeLessThan(cutAt);
    const nFeatures = defaultFeatureSet().columns.length;
    cut.rows.forEach((row, i) => expect(row.slice(0, 1 + nFeatures), `row ${i}`).toEqual(full.rows[i]?.slice(0, 1 + nFeatures)));
    const dir24 = cut.header.indexOf('dir_24');
    expect(cut.rows.slice(-24).every((row) => row[dir24] === '')).toBe(true);
    expect(cut.rows.slice(0, -24).map((row) => row[dir24])).toEqual(full.rows.slice(0, cut.rows.length - 24).map((row) => row[dir24]));
    expect(full.rows[cut.rows.length - 1]?.[dir24]).not.toBe('');
  });

  it('--no-lead drops the BTC columns; --horizons sets the label columns', async () => {
    const r = await features('--symbol', 'SOL/USD', '--no-lead', '--horizons', '12', '--out', out('nolead.csv'));
    expect(r.code).toBe(0);
    const { header } = readCsv(out('nolead.csv'));
    expect(header.some((h) => h.startsWith('btc_'))).toBe(false);
    expect(header.slice(-5)).toEqual(['fwd_logret_12', 'fwd_z_12', 'dir_12', 'tb_long_12', 'tb_short_12']);
  });

  it('explains what is missing', async () => {
    const none = await features('--symbol', 'DOGE/USD', '--out', out('x.csv'));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no DOGE/USD 1h candles in the store');
    expect(none.stderr).toContain('bot data import');
    const noLead = await features('--symbol', 'SOL/USD', '--lead', 'ETH/USD', '--out', out('x.csv'));
    expect(noLead.code).toBe(2);
    expect(noLead.stderr).toContain('no ETH/USD 1h candles in the store (needed for the lead features; or pass --no-lead)');
    const badDir = await features('--symbol', 'SOL/USD', '--out', out('missing/x.csv'));
    expect(badDir.code).toBe(2);
    expect(badDir.stderr).toMatch(/folder .*missing does not exist/);
    const bad = await features('--symbol', 'SOL/USD', '--horizons', '0,6', '--out', out('x.csv'));
    expect(bad.code).toBe(2);
    expect(fs.existsSync(out('x.csv'))).toBe(false);
  });
});
