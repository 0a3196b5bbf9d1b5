import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/domain/random.js';
import {
  applyNormalizer,
  assertSameColumns,
  computeFeatures,
  defaultFeatureSet,
  fitNormalizer,
  parseNormalizerParams,
  TrailingNormalizer,
  trailingZScores,
  type ColumnarValues,
} from '../../src/features/index.js';
import { firstBitDifference, hasSharedData, realBars } from './realData.js';

function matrix(rows: number[][]): ColumnarValues {
  const width = rows[0]?.length ?? 0;
  return { columns: Array.from({ length: width }, (_, i) => `c${i}`), width, rows: rows.length, values: Float32Array.from(rows.flat()) };
}

describe('normaliser fitted on a training range', () => {
  it('mean and std per column from the range only, NaN skipped, constant columns scaled by 1', () => {
    const m = matrix([
      [NaN, 5, 1],
      [1, 5, 2],
      [3, 5, 3],
      [100, 5, 1000],
    ]);
    const p = fitNormalizer(m, { start: 0, end: 3 });
    expect(p.mean).toEqual([2, 5, 2]);
    expect(p.std[0]).toBeCloseTo(1, 12);
    expect(p.std[1]).toBe(1);
    expect(p.std[2]).toBeCloseTo(Math.sqrt(2 / 3), 7);
    expect(p.fitRanges).toEqual([{ start: 0, end: 3 }]);
    // Two blocks (e.g. two assets' training rows in a stacked matrix) fit as one sample.
    const two = fitNormalizer(m, [
      { start: 1, end: 2 },
      { start: 2, end: 3 },
    ]);
    expect(two.mean[0]).toBe(2);
    expect(two.fitRanges).toHaveLength(2);
  });

  it('rows outside the range cannot change the fit', () => {
    const rng = seededRng(3);
    const rows = Array.from({ length: 200 }, () => [rng.next(), rng.next() * 10]);
    const a = fitNormalizer(matrix(rows), { start: 20, end: 120 });
    const changed = rows.map((r, i) => (i >= 20 && i < 120 ? r : [r[0]! * 1000, -5]));
    expect(fitNormalizer(matrix(changed), { start: 20, end: 120 })).toEqual(a);
  });

  it('applies (x - mean) / std, keeps NaN, clips, and reads back from JSON', () => {
    const p = parseNormalizerParams(JSON.parse(JSON.stringify(fitNormalizer(matrix([[0], [2]]), { start: 0, end: 2 }, 3))), 'model.json');
    const out = applyNormalizer(p, Float32Array.from([1, 3, NaN, 100, -100]));
    expect([...out]).toEqual([0, 2, NaN, 3, -3]);
    expect(() => parseNormalizerParams({ method: 'fitted', columns: ['a'], mean: [], std: [1], clip: 1, fitRanges: [{ start: 0, end: 1 }] }, 'm.json')).toThrow(
      /m.json/,
    );
    expect(() => assertSameColumns(p, ['other'], 'models/x')).toThrow(/other columns/);
    expect(() => fitNormalizer(matrix([[1]]), { start: 0, end: 2 })).toThrow(RangeError);
  });
});

describe('trailing z-scores', () => {
  it('streaming row by row equals the batch, and row i does not move when later rows change', () => {
    const rng = seededRng(9);
    const width = 3;
    const values = Float32Array.from({ length: 600 * width }, (_, i) => (i < 30 ? NaN : rng.next() * (1 + (i % width))));
    const batch = trailingZScores(values, width, 50, 4);
    const s = new TrailingNormalizer(width, 50, 4);
    const streamed = new Float32Array(values.length);
    for (let r = 0; r < 600; r++) s.step(values, r * width, streamed, r * width);
    expect(firstBitDifference(streamed, batch)).toBe(-1);
    const later = values.slice();
    for (let i = 300 * width; i < later.length; i++) later[i] = 1e6 * rng.next();
    expect(firstBitDifference(trailingZScores(later, width, 50, 4), batch, 300 * width)).toBe(-1);
    expect(batch.slice(0, (10 + 49) * width).every(Number.isNaN)).toBe(true);
    expect(Number.isFinite(batch[60 * width + 2] as number)).toBe(true);
  });
});

describe.skipIf(!hasSharedData)('normalising real features', () => {
  it('z-scores of the training range have mean 0 and std 1 where not clipped', () => {
    const m = computeFeatures(defaultFeatureSet(), realBars('BTC/USD'), { symbol: 'BTC/USD' });
    const p = fitNormalizer(m, { start: m.warmup, end: 40_000 }, 1e9);
    const z = applyNormalizer(p, m.values);
    const c = m.columns.indexOf('rsi_14');
    let sum = 0;
    let sq = 0;
    for (let i = m.warmup; i < 40_000; i++) {
      const x = z[i * m.width + c] as number;
      sum += x;
      sq += x * x;
    }
    const n = 40_000 - m.warmup;
    expect(Math.abs(sum / n)).toBeLessThan(1e-4);
    expect(Math.sqrt(sq / n)).toBeCloseTo(1, 4);
  });
});
