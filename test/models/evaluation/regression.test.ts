import { describe, expect, it } from 'vitest';
import { meanAbsoluteError, meanSquaredError, regressionReport, rSquared } from '../../../src/models/evaluation/index.js';

describe('regression metrics', () => {
  it('computes MSE, MAE and R² on a hand case', () => {
    const predicted = [1, 2, 3];
    const actual = [1, 3, 5];
    // Errors 0, -1, -2.
    expect(meanSquaredError(predicted, actual)).toBeCloseTo(5 / 3, 12); // (0 + 1 + 4) / 3
    expect(meanAbsoluteError(predicted, actual)).toBe(1); // (0 + 1 + 2) / 3
    // Mean of actual 3: SS_tot = 4 + 0 + 4 = 8, SS_res = 5 -> 1 - 5/8.
    expect(rSquared(predicted, actual)).toBeCloseTo(0.375, 12);
    expect(regressionReport(new Float32Array(predicted), actual)).toMatchObject({ count: 3, mae: 1 });
    expect(regressionReport(predicted, actual).rmse).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });

  it('gives a negative R² when the predictions are worse than the mean', () => {
    // SS_res = 16 + 0 + 16 = 32 vs SS_tot = 8 -> 1 - 4.
    expect(rSquared([5, 3, 1], [1, 3, 5])).toBeCloseTo(-3, 12);
    expect(rSquared([3, 3, 3], [1, 3, 5])).toBe(0);
  });

  it('defines R² for a constant target: 1 when exact, 0 otherwise', () => {
    expect(rSquared([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(rSquared([1, 2, 3], [2, 2, 2])).toBe(0);
  });

  it('is NaN on empty input and refuses mismatched lengths', () => {
    expect(meanSquaredError([], [])).toBeNaN();
    expect(() => rSquared([1], [1, 2])).toThrow(/lengths differ/);
  });
});
