import { classificationReport } from '../evaluation/classification.js';
import { regressionReport } from '../evaluation/regression.js';

export type Scores = Record<string, number>;

/** Classification metrics of probabilities `p` against labels `y`, as flat `prefix.metric` keys (meta.json's shape). */
export function classificationScores(prefix: string, p: ArrayLike<number>, y: ArrayLike<number>): Scores {
  const r = classificationReport(p, y);
  const keys = ['count', 'positiveRate', 'meanPrediction', 'accuracy', 'precision', 'recall', 'f1', 'auc', 'logLoss', 'brier', 'ece'] as const;
  return Object.fromEntries(keys.map((k) => [`${prefix}.${k}`, r[k]]));
}

/** MSE, MAE and R² of a return head against the volatility-scaled return it was trained on. */
export function returnScores(prefix: string, predicted: ArrayLike<number>, target: ArrayLike<number>): Scores {
  const r = regressionReport(predicted, target);
  return { [`${prefix}.return.mse`]: r.mse, [`${prefix}.return.mae`]: r.mae, [`${prefix}.return.r2`]: r.r2 };
}
