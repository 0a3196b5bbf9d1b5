import { brierScore, expectedCalibrationError, rocAuc } from '../models/evaluation/classification.js';
import { finiteOrNull, levelOf, worstLevel, type DriftLevel, type Thresholds } from './driftLevel.js';

export interface QualityThresholds {
  /** AUC at or below these levels. */
  readonly auc: Thresholds;
  /** ECE at or above these levels. */
  readonly ece: Thresholds;
  /** Fewer judged predictions say nothing (unknown). */
  readonly minPredictions: number;
}

export interface PredictionQuality {
  /** Predictions judged (their horizon has passed). */
  readonly judged: number;
  readonly auc: number | null;
  readonly brier: number | null;
  readonly ece: number | null;
  /** How often a trade the model gave at least even odds beat its costs; null when it gave none. */
  readonly hitRate: number | null;
  /** How often the proposals judged beat their costs, whatever the model said. */
  readonly baseRate: number | null;
  /** Mean of the model's probabilities: against baseRate, the drift of the predictions themselves. */
  readonly meanProbability: number | null;
  readonly level: DriftLevel;
}

/** Rolling quality of judged live predictions: probability `p` of the trade beating its costs, outcome `y`. */
export function predictionQuality(p: readonly number[], y: readonly (0 | 1)[], t: QualityThresholds): PredictionQuality {
  const n = p.length;
  const mean = (v: readonly number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : Number.NaN);
  const yes = p.flatMap((x, i) => (x >= 0.5 ? [y[i] as number] : []));
  // AUC needs both outcomes; with one only it says nothing.
  const auc = n > 0 && y.some((v) => v === 1) && y.some((v) => v === 0) ? finiteOrNull(rocAuc(p, y)) : null;
  const ece = n > 0 ? finiteOrNull(expectedCalibrationError(p, y)) : null;
  const enough = n >= t.minPredictions;
  return {
    judged: n,
    auc,
    brier: n > 0 ? finiteOrNull(brierScore(p, y)) : null,
    ece,
    hitRate: yes.length ? mean(yes) : null,
    baseRate: finiteOrNull(mean(y)),
    meanProbability: finiteOrNull(mean(p)),
    level: enough ? worstLevel([levelOf(auc, t.auc, true), levelOf(ece, t.ece)]) : 'unknown',
  };
}
