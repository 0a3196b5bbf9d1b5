import { logLoss } from '../../models/evaluation/classification.js';
import { assertBinaryLabels, assertProbabilities, assertSameLength, type Numbers } from '../../models/evaluation/numbers.js';
import { applyCalibration, CALIBRATION_METHODS, fitCalibration, type CalibrationMethod, type CalibrationParams } from './calibrator.js';

export interface CalibrationChoice {
  method: CalibrationMethod;
  /** The chosen calibrator refitted on all the validation predictions given. */
  params: CalibrationParams;
  /** Log loss of each method on the held-out chunks, pooled over all of them; NaN when too few rows. */
  scores: Record<CalibrationMethod, number>;
  /** Chunks scored out of sample (folds - 1), 0 when there were too few rows to try. */
  evaluatedChunks: number;
}

export interface ChooseCalibrationOptions {
  /** Contiguous chunks the validation rows are cut into. Default 5. */
  folds?: number;
  /** Fewer rows per chunk than this and no calibration is tried ('none'). Default 50. */
  minChunkRows?: number;
}

/**
 * Picks none, Platt or isotonic by out-of-sample log loss on the validation predictions, which must be
 * in time order. The rows are cut into `folds` contiguous chunks and scored forward: the calibrator fitted
 * on chunks 0..k-1 is scored on chunk k, for k = 1..folds-1, so no calibrator ever sees its future.
 *
 * What this does not do: it does not make the validation set an honest test set. The choice is itself
 * fitted to the validation rows (mildly: three candidates), so the final score of the calibrated model
 * must come from a later period that neither the model nor this choice has seen. Ties go to the simpler
 * method (none, then Platt): isotonic has to earn its extra freedom.
 */
export function chooseCalibration(p: Numbers, y: Numbers, options: ChooseCalibrationOptions = {}): CalibrationChoice {
  const folds = options.folds ?? 5;
  const minChunkRows = options.minChunkRows ?? 50;
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`chooseCalibration: folds must be an integer >= 2, got ${folds}`);
  assertSameLength(p, y, 'chooseCalibration');
  assertProbabilities(p, 'chooseCalibration');
  assertBinaryLabels(y, 'chooseCalibration');
  const n = p.length;
  const scores: Record<CalibrationMethod, number> = { none: Number.NaN, platt: Number.NaN, isotonic: Number.NaN };
  if (Math.floor(n / folds) < minChunkRows) return { method: 'none', params: { kind: 'none' }, scores, evaluatedChunks: 0 };

  const bounds = Array.from({ length: folds + 1 }, (_, k) => Math.round((k * n) / folds));
  const pArr = Array.from(p);
  const yArr = Array.from(y);
  for (const method of CALIBRATION_METHODS) {
    let total = 0;
    let scored = 0;
    for (let k = 1; k < folds; k++) {
      const trainEnd = bounds[k]!;
      const testEnd = bounds[k + 1]!;
      const params = fitCalibration(method, pArr.slice(0, trainEnd), yArr.slice(0, trainEnd));
      const testY = yArr.slice(trainEnd, testEnd);
      const calibrated = applyCalibration(params, pArr.slice(trainEnd, testEnd));
      total += logLoss(calibrated, testY) * testY.length;
      scored += testY.length;
    }
    scores[method] = total / scored;
  }
  let method: CalibrationMethod = 'none';
  for (const m of CALIBRATION_METHODS) if (scores[m] < scores[method]) method = m;
  return { method, params: fitCalibration(method, p, y), scores, evaluatedChunks: folds - 1 };
}
