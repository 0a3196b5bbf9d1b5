import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/domain/random.js';
import { applyIsotonic, calibrationParamsSchema, fitIsotonic, isotonicRegression } from '../../../src/ensemble/calibration/index.js';

/** Every split of the sorted points into contiguous blocks, each at its mean; the best monotone one. */
function bruteForceIsotonic(y: number[]): { values: number[]; sse: number } {
  const n = y.length;
  let best = { values: [] as number[], sse: Number.POSITIVE_INFINITY };
  for (let mask = 0; mask < 1 << (n - 1); mask++) {
    const values: number[] = [];
    let start = 0;
    for (let i = 1; i <= n; i++) {
      if (i === n || mask & (1 << (i - 1))) {
        const block = y.slice(start, i);
        const m = block.reduce((s, v) => s + v, 0) / block.length;
        for (let k = start; k < i; k++) values.push(m);
        start = i;
      }
    }
    if (values.some((v, i) => i > 0 && v < values[i - 1]!)) continue;
    const sse = values.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0);
    if (sse < best.sse) best = { values, sse };
  }
  return best;
}

describe('isotonic regression', () => {
  it('pools adjacent violators on a hand case', () => {
    // [1] [3] [2] -> 3 > 2 pool to 2.5; [4] [3.5] -> pool to 3.75.
    expect(Array.from(isotonicRegression([1, 2, 3, 4, 5], [1, 3, 2, 4, 3.5]))).toEqual([1, 2.5, 2.5, 3.75, 3.75]);
    // Unsorted input: fitted values come back in input order.
    expect(Array.from(isotonicRegression([5, 1, 3, 2, 4], [3.5, 1, 2, 3, 4]))).toEqual([3.75, 1, 2.5, 2.5, 3.75]);
  });

  it('gives tied inputs one value', () => {
    // x = 0.3 twice with labels 0 and 1 -> 0.5 for both.
    expect(Array.from(isotonicRegression([0.3, 0.3, 0.6], [0, 1, 1]))).toEqual([0.5, 0.5, 1]);
    // The tie group (mean 0.5) sits above x = 0.2 (mean 1): all three pool to 2/3.
    const fitted = isotonicRegression([0.5, 0.5, 0.2], [1, 0, 1]);
    for (const v of fitted) expect(v).toBeCloseTo(2 / 3, 12);
  });

  it('is monotone and minimises squared error, checked against brute force on small inputs', () => {
    const rng = seededRng(5);
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(rng.next() * 7);
      const y = Array.from({ length: n }, () => (trial % 2 === 0 ? Math.round(rng.next()) : rng.next() * 10));
      const x = Array.from({ length: n }, (_, i) => i + 1);
      const fitted = Array.from(isotonicRegression(x, y));
      for (let i = 1; i < n; i++) expect(fitted[i]!).toBeGreaterThanOrEqual(fitted[i - 1]!);
      const best = bruteForceIsotonic(y);
      const sse = fitted.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0);
      expect(sse).toBeCloseTo(best.sse, 9);
      fitted.forEach((v, i) => expect(v).toBeCloseTo(best.values[i]!, 9));
    }
  });

  it('honours weights like repeated points', () => {
    const weighted = isotonicRegression([1, 2], [1, 0], [3, 1]);
    expect(Array.from(weighted)).toEqual([0.75, 0.75]);
    expect(Array.from(isotonicRegression([1, 1, 1, 2], [1, 1, 1, 0]))).toEqual([0.75, 0.75, 0.75, 0.75]);
  });
});

describe('isotonic calibration', () => {
  it('stores one knot per block at its centre and interpolates between knots', () => {
    // Labels [0, 1, 0, 1] at 0.1..0.4: blocks {0.1}: 0, {0.2, 0.3}: 0.5, {0.4}: 1.
    const params = fitIsotonic([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]);
    expect(params.x).toEqual([0.1, expect.closeTo(0.25, 12), 0.4]);
    expect(params.y).toEqual([0, 0.5, 1]);
    const out = applyIsotonic(params, [0.05, 0.175, 0.25, 0.3, 0.9]);
    expect(out[0]).toBe(0); // below the first knot: held at its value
    expect(out[1]).toBeCloseTo(0.25, 12); // halfway from (0.1, 0) to (0.25, 0.5)
    expect(out[2]).toBeCloseTo(0.5, 12);
    expect(out[3]).toBeCloseTo(0.5 + 0.5 / 3, 12); // a third of the way from (0.25, 0.5) to (0.4, 1)
    expect(out[4]).toBe(1); // above the last knot: held
  });

  it('maps any input monotonically into the range of the fitted values', () => {
    const rng = seededRng(9);
    const p = Float64Array.from({ length: 2000 }, () => rng.next());
    const y = Float64Array.from(p, (v) => (rng.next() < 0.2 + 0.5 * v ? 1 : 0));
    const params = fitIsotonic(p, y);
    const grid = Float64Array.from({ length: 1001 }, (_, i) => i / 1000);
    const out = applyIsotonic(params, grid);
    const lo = Math.min(...params.y);
    const hi = Math.max(...params.y);
    for (let i = 0; i < out.length; i++) {
      expect(out[i]!).toBeGreaterThanOrEqual(lo);
      expect(out[i]!).toBeLessThanOrEqual(hi);
      if (i > 0) expect(out[i]!).toBeGreaterThanOrEqual(out[i - 1]!);
    }
  });

  it('round-trips through JSON and refuses knots that are not increasing', () => {
    const params = fitIsotonic([0.1, 0.5, 0.5, 0.9], [0, 1, 0, 1]);
    expect(calibrationParamsSchema.parse(JSON.parse(JSON.stringify(params)))).toEqual(params);
    expect(() => calibrationParamsSchema.parse({ kind: 'isotonic', x: [0.5, 0.2], y: [0, 1] })).toThrow(/strictly increasing/);
    expect(() => calibrationParamsSchema.parse({ kind: 'isotonic', x: [0.2, 0.5], y: [1, 0] })).toThrow(/non-decreasing/);
  });
});
