import { assertBinaryLabels, assertNonEmpty, type Numbers } from './numbers.js';

export { fitLogisticRegression, logisticRegressionFromParams, logisticRegressionParamsSchema } from './logisticRegression.js';
export type { LogisticRegression, LogisticRegressionOptions, LogisticRegressionParams } from './logisticRegression.js';

/**
 * The "no skill" baseline: every row gets the training base rate P(up). At threshold 0.5 that is the
 * majority class, and its log loss is the entropy of the labels, the floor a model must get under.
 */
export interface MajorityClassBaseline {
  kind: 'majority-class';
  /** Share of 1s among the training labels. */
  baseRate: number;
  /** The class a 0.5 threshold assigns to baseRate (1 when the classes are exactly balanced). */
  majority: 0 | 1;
}

export function fitMajorityClass(yTrain: Numbers): MajorityClassBaseline {
  assertNonEmpty(yTrain, 'fitMajorityClass');
  assertBinaryLabels(yTrain, 'fitMajorityClass');
  let positives = 0;
  for (let i = 0; i < yTrain.length; i++) positives += yTrain[i]!;
  const baseRate = positives / yTrain.length;
  return { kind: 'majority-class', baseRate, majority: baseRate >= 0.5 ? 1 : 0 };
}

/** The baseline's probability for `count` rows. */
export function predictMajorityClass(baseline: MajorityClassBaseline, count: number): Float64Array {
  return new Float64Array(count).fill(baseline.baseRate);
}

/**
 * Flattens windows [count][windowLength][features] (row-major) to their last rows [count][features]:
 * the most recent bar of each window, which is what a flat model sees of the sequence.
 */
export function lastRowOfWindows(windows: Numbers, count: number, windowLength: number, features: number): Float64Array {
  if (windows.length !== count * windowLength * features) {
    throw new RangeError(`lastRowOfWindows: ${windows.length} values is not ${count} x ${windowLength} x ${features}`);
  }
  const out = new Float64Array(count * features);
  for (let w = 0; w < count; w++) {
    const from = (w * windowLength + windowLength - 1) * features;
    for (let f = 0; f < features; f++) out[w * features + f] = windows[from + f]!;
  }
  return out;
}
