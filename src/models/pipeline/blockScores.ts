import { classificationReport } from '../evaluation/classification.js';
import { fitLogisticRegression } from '../evaluation/logisticRegression.js';
import { fitMajorityClass, predictMajorityClass } from '../evaluation/baselines.js';
import { regressionReport } from '../evaluation/regression.js';
import type { AssetDataset, SampleBlock } from '../dataset/assetDataset.js';

export type Scores = Record<string, number>;

/** Classification metrics of P(up) on a block, as flat `prefix.metric` keys (meta.json's shape). */
export function classificationScores(prefix: string, p: ArrayLike<number>, block: SampleBlock): Scores {
  const r = classificationReport(p, block.labels, { realisedReturns: block.forwardReturns });
  const keys = ['count', 'positiveRate', 'accuracy', 'precision', 'recall', 'f1', 'auc', 'logLoss', 'brier', 'ece', 'directionalAccuracy'] as const;
  return Object.fromEntries(keys.map((k) => [`${prefix}.${k}`, r[k]]));
}

/** MSE, MAE and R² of a return head against the volatility-scaled forward return it was trained on. */
export function returnScores(prefix: string, predicted: ArrayLike<number>, block: SampleBlock): Scores {
  const r = regressionReport(predicted, block.returns);
  return { [`${prefix}.return.mse`]: r.mse, [`${prefix}.return.mae`]: r.mae, [`${prefix}.return.r2`]: r.r2 };
}

function lastRows(d: AssetDataset, block: SampleBlock): Float64Array {
  const out = new Float64Array(block.ends.length * d.featureCount);
  block.ends.forEach((end, i) => out.set(d.rows.subarray(end * d.featureCount, (end + 1) * d.featureCount), i * d.featureCount));
  return out;
}

/**
 * The bars any model must clear on the same test block: the training base rate (majority class), and a
 * logistic regression on the same features (the window's last row), fitted on the training block only.
 */
export function baselineScores(d: AssetDataset): { scores: Scores; logistic: Float64Array; majority: Float64Array } {
  const majorityModel = fitMajorityClass(d.train.labels);
  const majority = predictMajorityClass(majorityModel, d.test.ends.length);
  const trainX = lastRows(d, d.train);
  const logisticModel = fitLogisticRegression(trainX, d.train.labels, d.train.ends.length, d.featureCount, { l2: 1e-2 });
  const logistic = logisticModel.predict(lastRows(d, d.test));
  return {
    scores: { ...classificationScores('baseline.majority.test', majority, d.test), ...classificationScores('baseline.logistic.test', logistic, d.test) },
    logistic,
    majority,
  };
}
