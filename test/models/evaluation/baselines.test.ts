import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/domain/random.js';
import {
  accuracy,
  fitLogisticRegression,
  fitMajorityClass,
  lastRowOfWindows,
  logisticRegressionFromParams,
  logLoss,
  predictMajorityClass,
} from '../../../src/models/evaluation/index.js';

describe('majority-class baseline', () => {
  it('predicts the training base rate for every row', () => {
    const base = fitMajorityClass([1, 1, 0, 1]);
    expect(base).toEqual({ kind: 'majority-class', baseRate: 0.75, majority: 1 });
    expect(Array.from(predictMajorityClass(base, 3))).toEqual([0.75, 0.75, 0.75]);
    // Its log loss on the training labels is their entropy: -(0.75 ln 0.75 + 0.25 ln 0.25) = 0.562335.
    expect(logLoss(predictMajorityClass(base, 4), [1, 1, 0, 1])).toBeCloseTo(0.562335, 6);
    expect(fitMajorityClass([0, 0, 1]).majority).toBe(0);
  });
});

describe('lastRowOfWindows', () => {
  it('keeps the most recent bar of each window', () => {
    // Two windows of 3 bars x 2 features.
    const windows = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Array.from(lastRowOfWindows(windows, 2, 3, 2))).toEqual([5, 6, 11, 12]);
    expect(() => lastRowOfWindows(windows, 2, 3, 3)).toThrow(/is not 2 x 3 x 3/);
  });
});

describe('logistic regression', () => {
  it('matches the closed form on one binary feature without penalty', () => {
    // x = 0 rows have 1 up in 4, x = 1 rows 3 in 4: the MLE predicts exactly those rates.
    const x = [0, 0, 0, 0, 1, 1, 1, 1];
    const y = [0, 0, 0, 1, 1, 1, 1, 0];
    const model = fitLogisticRegression(x, y, 8, 1, { l2: 0 });
    expect(model.converged).toBe(true);
    expect(model.mean).toEqual([0.5]);
    expect(model.std).toEqual([0.5]);
    // Standardised x is -1 / +1, so sigmoid(-w + b) = 0.25 and sigmoid(w + b) = 0.75: b = 0, w = ln 3.
    expect(model.bias).toBeCloseTo(0, 9);
    expect(model.weights[0]).toBeCloseTo(Math.log(3), 9);
    expect(model.predictOne([0])).toBeCloseTo(0.25, 9);
    expect(Array.from(model.predict([1, 0]))).toEqual([expect.closeTo(0.75, 9), expect.closeTo(0.25, 9)]);
  });

  it('stops where the penalised gradient is zero', () => {
    const rng = seededRng(3);
    const rows = 300;
    const cols = 3;
    const x = Float64Array.from({ length: rows * cols }, () => rng.next() * 10 - 2);
    const y = Float64Array.from({ length: rows }, (_, r) => (rng.next() < 1 / (1 + Math.exp(-(x[r * cols]! - 3))) ? 1 : 0));
    const l2 = 0.05;
    const model = fitLogisticRegression(x, y, rows, cols, { l2 });
    expect(model.converged).toBe(true);
    // d/dw_c [mean log loss + l2/2 |w|²] = mean((p - y) z_c) + l2 w_c, with z the standardised feature.
    const p = model.predict(x);
    for (let c = 0; c < cols; c++) {
      let g = 0;
      for (let r = 0; r < rows; r++) g += ((p[r]! - y[r]!) * (x[r * cols + c]! - model.mean[c]!)) / model.std[c]!;
      expect(g / rows + l2 * model.weights[c]!).toBeCloseTo(0, 7);
    }
    let gb = 0;
    for (let r = 0; r < rows; r++) gb += p[r]! - y[r]!;
    expect(gb / rows).toBeCloseTo(0, 7);
  });

  it('separates a linearly separable seeded set, in and out of sample', () => {
    const rng = seededRng(11);
    const draw = (n: number) => {
      const x: number[] = [];
      const y: number[] = [];
      while (y.length < n) {
        const a = rng.next() * 4 - 2;
        const b = rng.next() * 40 - 20; // a different scale: standardisation must cope
        const s = a + 0.1 * b - 0.3;
        if (Math.abs(s) < 0.1) continue; // a margin on both sides of the boundary
        x.push(a, b);
        y.push(s > 0 ? 1 : 0);
      }
      return { x, y };
    };
    const train = draw(400);
    const test = draw(400);
    const model = fitLogisticRegression(train.x, train.y, 400, 2, { l2: 1e-4 });
    expect(accuracy(model.predict(train.x), train.y)).toBe(1);
    expect(accuracy(model.predict(test.x), test.y)).toBeGreaterThan(0.99);
    // In raw units the boundary is a + 0.1 b = 0.3: the fitted normal points the same way.
    const wa = model.weights[0]! / model.std[0]!;
    const wb = model.weights[1]! / model.std[1]!;
    const cos = (wa * 1 + wb * 0.1) / (Math.hypot(wa, wb) * Math.hypot(1, 0.1));
    expect(cos).toBeGreaterThan(0.99);
  });

  it('fits standardisation on the training rows only and round-trips through JSON', () => {
    const x = [1, 10, 3, 30, 5, 20, 7, 40];
    const y = [0, 0, 1, 1];
    const model = fitLogisticRegression(x, y, 4, 2, { l2: 0.1 });
    expect(model.mean).toEqual([4, 25]);
    expect(model.std[0]).toBeCloseTo(Math.sqrt(5), 12); // deviations -3, -1, 1, 3: (9+1+1+9)/4
    const revived = logisticRegressionFromParams(JSON.parse(JSON.stringify(model)));
    const later = [100, -50, 2, 25];
    expect(Array.from(revived.predict(later))).toEqual(Array.from(model.predict(later)));
    expect(revived.mean).toEqual([4, 25]);
  });

  it('is deterministic and ignores a constant column', () => {
    const x = [0, 5, 1, 5, 2, 5, 3, 5];
    const y = [0, 1, 0, 1];
    const a = fitLogisticRegression(x, y, 4, 2);
    const b = fitLogisticRegression(x, y, 4, 2);
    expect(a.weights).toEqual(b.weights);
    expect(a.std[1]).toBe(1);
    expect(a.weights[1]).toBe(0);
  });

  it('refuses malformed input and malformed saved parameters', () => {
    expect(() => fitLogisticRegression([1, 2, 3], [0, 1], 2, 2)).toThrow(/expected 2 x 2/);
    expect(() => fitLogisticRegression([1, Number.NaN], [0, 1], 2, 1)).toThrow(/X\[1\]\[0\] is NaN/);
    expect(() => fitLogisticRegression([1, 2], [0, 0.5], 2, 1)).toThrow(/label 1/);
    expect(() =>
      logisticRegressionFromParams({ kind: 'logistic-regression', weights: [1], bias: 0, mean: [], std: [1], l2: 0, iterations: 1, converged: true }),
    ).toThrow(/one entry per feature/);
    const model = fitLogisticRegression([0, 1, 1, 0], [0, 1], 2, 2);
    expect(() => model.predict([1, 2, 3])).toThrow(/not rows of 2 features/);
    expect(() => model.predictOne([1])).toThrow(/expected 2/);
  });
});
