import { worstLevel, type DriftLevel } from './driftLevel.js';
import type { InputDrift } from './inputDrift.js';
import type { PredictionQuality } from './predictionQuality.js';

/** One check of one asset's production ensemble: its inputs and its judged predictions, and the level they say. */
export interface DriftReport {
  readonly asset: string;
  /** The ensemble checked; null: the rule-based strategy trades the asset alone (nothing to drift). */
  readonly modelId: string | null;
  /** The check's time (the feed's clock): windows end here. */
  readonly time: number;
  /** Recent feature rows against the training reference; null when the ensemble stores none. */
  readonly input: InputDrift | null;
  readonly predictions: PredictionQuality | null;
  /** The worse of the two, as measured now (the state adds hysteresis). */
  readonly level: DriftLevel;
}

export function driftReport(asset: string, modelId: string | null, time: number, input: InputDrift | null, predictions: PredictionQuality | null): DriftReport {
  return { asset, modelId, time, input, predictions, level: worstLevel([input?.level ?? 'unknown', predictions?.level ?? 'unknown']) };
}
