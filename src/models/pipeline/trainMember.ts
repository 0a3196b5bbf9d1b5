import type * as tf from '@tensorflow/tfjs';
import type { AssetDataset } from '../dataset/assetDataset.js';
import { sourceInput } from '../dataset/assetDataset.js';
import { buildModel } from '../buildModel.js';
import { resolveSpec, type ModelKind, type ResolvedSpec } from '../kinds.js';
import { Predictor, type Predictions } from '../predictor.js';
import { windowedSource } from '../training/samples.js';
import { trainModel, type BatchProgress, type EpochReport, type TrainOptions, type TrainResult } from '../training/trainModel.js';

export interface MemberOptions {
  readonly sizes: Record<string, unknown>;
  readonly returnHead: boolean;
  readonly training: Omit<TrainOptions, 'seed' | 'onEpoch' | 'onBatch'>;
  readonly seed: number;
  readonly onEpoch?: (report: EpochReport) => void;
  readonly onBatch?: (progress: BatchProgress) => void;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
}

export interface TrainedMember {
  readonly kind: ModelKind;
  readonly model: tf.LayersModel;
  readonly spec: ResolvedSpec;
  readonly result: TrainResult;
  readonly options: TrainOptions;
  readonly validation: Predictions;
  readonly test: Predictions;
}

/**
 * Train one model kind on a dataset's training block with early stopping on its validation block, and
 * predict both the validation block (for the ensemble) and the test block (for the report). The test
 * block is only ever predicted, never trained or tuned on.
 */
export async function trainMember(kind: ModelKind, d: AssetDataset, o: MemberOptions): Promise<TrainedMember> {
  const spec = resolveSpec(kind, { windowLength: d.windowLength, featureCount: d.featureCount, returnHead: o.returnHead, ...o.sizes });
  const model = buildModel(kind, spec, o.seed);
  const options: TrainOptions = {
    ...o.training,
    seed: o.seed,
    ...(o.onEpoch && { onEpoch: o.onEpoch }),
    ...(o.onBatch && { onBatch: o.onBatch }),
    ...(o.now && { now: o.now }),
    ...(o.signal && { signal: o.signal }),
  };
  const result = await trainModel(
    model,
    { train: windowedSource(sourceInput(d, d.train)), validation: windowedSource(sourceInput(d, d.validation)) },
    options,
  );
  // Prediction through a Predictor that does not own the model: it is saved afterwards.
  const predictor = new Predictor(model, { returnScale: result.returnScale });
  const validation = predictor.predictSource(windowedSource(sourceInput(d, d.validation)));
  const test = predictor.predictSource(windowedSource(sourceInput(d, d.test)));
  return { kind, model, spec, result, options, validation, test };
}
