import { assertSameLength, type Numbers } from './numbers.js';

/** Mean squared error; NaN on empty input. */
export function meanSquaredError(predicted: Numbers, actual: Numbers): number {
  assertSameLength(predicted, actual, 'meanSquaredError');
  if (actual.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += (predicted[i]! - actual[i]!) ** 2;
  return s / actual.length;
}

/** Mean absolute error; NaN on empty input. */
export function meanAbsoluteError(predicted: Numbers, actual: Numbers): number {
  assertSameLength(predicted, actual, 'meanAbsoluteError');
  if (actual.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(predicted[i]! - actual[i]!);
  return s / actual.length;
}

/**
 * 1 - SS_res / SS_tot. Negative when the predictions are worse than the target's own mean.
 * A constant target has SS_tot = 0: R² is then 1 for an exact prediction and 0 otherwise (the ratio is
 * unbounded, and 0 keeps reports finite; the convention scikit-learn uses).
 */
export function rSquared(predicted: Numbers, actual: Numbers): number {
  assertSameLength(predicted, actual, 'rSquared');
  const n = actual.length;
  if (n === 0) return Number.NaN;
  let m = 0;
  for (let i = 0; i < n; i++) m += actual[i]!;
  m /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (actual[i]! - predicted[i]!) ** 2;
    ssTot += (actual[i]! - m) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

export interface RegressionReport {
  count: number;
  mse: number;
  rmse: number;
  mae: number;
  r2: number;
}

export function regressionReport(predicted: Numbers, actual: Numbers): RegressionReport {
  const mse = meanSquaredError(predicted, actual);
  return {
    count: actual.length,
    mse,
    rmse: Math.sqrt(mse),
    mae: meanAbsoluteError(predicted, actual),
    r2: rSquared(predicted, actual),
  };
}
