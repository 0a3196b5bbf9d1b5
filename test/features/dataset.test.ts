import { describe, expect, it } from 'vitest';
import {
  computeFeatures,
  computeLabels,
  defaultFeatureSet,
  fitNormalizer,
  applyNormalizer,
  WindowedDataset,
  type ColumnarValues,
} from '../../src/features/index.js';
import { hasSharedData, realBars } from './realData.js';

/** rows x 2 features: row r holds [r, -r] (NaN for the first `nanRows`), so a window's content is obvious. */
function series(name: string, rows: number, nanRows: number, labelFrom = 0): { name: string; features: ColumnarValues; targets: Float32Array[] } {
  const values = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    values[r * 2] = r < nanRows ? NaN : r;
    values[r * 2 + 1] = r < nanRows ? NaN : -r;
  }
  const target = Float32Array.from({ length: rows }, (_, r) => (r < labelFrom || r >= rows - 2 ? NaN : r % 3));
  return { name, features: { columns: ['a', 'b'], width: 2, rows, values }, targets: [target] };
}

describe('windowed dataset', () => {
  it('a window is a view of the one Float32Array, rows id - L + 1 .. id', () => {
    const s = series('X', 20, 0);
    const d = new WindowedDataset([s], 4);
    const w = d.windowOf(10);
    expect(w.buffer).toBe(s.features.values.buffer);
    expect([...w]).toEqual([7, -7, 8, -8, 9, -9, 10, -10]);
  });

  it('usable samples: full window after the warm-up, inside its own series, with a label', () => {
    const d = new WindowedDataset([series('A', 12, 3), series('B', 10, 0, 5)], 4);
    // A: first clean window ends at row 3 + 4 - 1 = 6; the last 2 rows have no label.
    expect([...d.samples(0)]).toEqual([6, 7, 8, 9]);
    // B starts at global row 12: windows from local row 3, labels from local row 5, none for the last 2.
    expect([...d.samples(1)]).toEqual([17, 18, 19]);
    expect([...d.samples(1, 0, 7)]).toEqual([17, 18]);
    expect(d.isSample(13)).toBe(false); // would straddle A and B
    expect(d.values.length).toBe(22 * 2);
  });

  it('batches are [size, window, width] and [size, targets], the last one partial', () => {
    const d = new WindowedDataset([series('A', 30, 0)], 3);
    const ids = d.samples();
    // Buffers are reused from batch to batch: copy each before asking for the next.
    const batches: { size: number; xShape: number[]; yShape: number[]; x: Float32Array; y: Float32Array; ids: number[] }[] = [];
    for (const b of d.batches(ids, 8)) batches.push({ ...b, x: b.x.slice(), y: b.y.slice(), ids: [...(b.ids as Int32Array)] });
    // Rows 2 .. 27: a full window and a label (the last 2 rows have none).
    expect(ids.length).toBe(26);
    expect(batches.map((b) => b.size)).toEqual([8, 8, 8, 2]);
    expect(batches[3]?.xShape).toEqual([2, 3, 2]);
    expect(batches[3]?.yShape).toEqual([2, 1]);
    expect(batches[3]?.x.length).toBe(12);
    const first = batches[0];
    expect([...(first?.x.slice(0, 6) ?? [])]).toEqual([0, -0, 1, -1, 2, -2]);
    expect([...(first?.x.slice(6, 12) ?? [])]).toEqual([1, -1, 2, -2, 3, -3]);
    expect([...(first?.y ?? [])]).toEqual([2, 0, 1, 2, 0, 1, 2, 0]);
    expect(batches[3]?.ids).toEqual([26, 27]);
    expect(() => d.fillBatch([0], new Float32Array(6), new Float32Array(1))).toThrow(/not a usable sample/);
  });
});

describe.skipIf(!hasSharedData)('dataset over the three real histories', () => {
  it('holds 3 assets in one array, every sample window free of NaN', () => {
    const set = defaultFeatureSet();
    const btc = realBars('BTC/USD');
    const parts = (['BTC/USD', 'ETH/USD', 'SOL/USD'] as const).map((symbol) => {
      const bars = realBars(symbol);
      const m = computeFeatures(set, bars, { symbol, lead: btc });
      const p = fitNormalizer(m, { start: 0, end: Math.floor(m.rows * 0.6) });
      const features = { ...m, values: applyNormalizer(p, m.values, m.values) };
      return { name: symbol, features, targets: [computeLabels(bars).horizons[0]?.direction as Float32Array] };
    });
    const d = new WindowedDataset(parts, 64);
    const rows = parts.reduce((a, p) => a + p.features.rows, 0);
    expect(d.values.length).toBe(rows * set.columns.length);
    expect(d.values.byteLength).toBeLessThan(50 * 1024 * 1024);
    const ids = d.samples();
    expect(ids.length).toBe(rows - 3 * (set.warmup + 63 + 6));
    const { x, y } = d.allocate(256);
    const pick = Int32Array.from({ length: 256 }, (_, i) => ids[Math.floor((i * ids.length) / 256)] as number);
    d.fillBatch(pick, x, y);
    expect(x.every(Number.isFinite)).toBe(true);
    expect(y.every((v) => v === 0 || v === 1 || v === 2)).toBe(true);
  });
});
