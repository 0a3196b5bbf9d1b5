import type * as tf from '@tensorflow/tfjs';
import { sourceInput, type TrainingData } from '../dataset/metaDataset.js';
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
  /** Predictions on the validation block, which the model never trained on: the ensemble is fitted on them. */
  readonly validation: Predictions;
}

/** The member's architecture: the kind's defaults under the configured sizes, for the dataset's windows. */
export function memberSpec(kind: ModelKind, d: TrainingData, o: Pick<MemberOptions, 'sizes' | 'returnHead'>): ResolvedSpec {
  return resolveSpec(kind, { windowLength: d.fold.windowLength, featureCount: d.featureCount, returnHead: o.returnHead, ...o.sizes });
}

/** The trainer's options of a member (what meta.json records), with whichever hooks the caller gave. */
export function memberTrainOptions(o: MemberOptions): TrainOptions {
  return {
    classBalance: false,
    ...o.training,
    seed: o.seed,
    ...(o.onEpoch && { onEpoch: o.onEpoch }),
    ...(o.onBatch && { onBatch: o.onBatch }),
    ...(o.now && { now: o.now }),
    ...(o.signal && { signal: o.signal }),
  };
}

/**
 * Train one model kind on a dataset's training block with early stopping on its validation block, and
 * predict the validation block for the ensemble. Class weights stay off: the model's probability is the
 * chance that the strategy's trade beats its costs, and how often it does (the base rate) is part of that.
 */
export async function trainMember(kind: ModelKind, d: TrainingData, o: MemberOptions): Promise<TrainedMember> {
  const spec = memberSpec(kind, d, o);
  const model = buildModel(kind, spec, o.seed);
  const options = memberTrainOptions(o);
  const validationSource = windowedSource(sourceInput(d, d.validation));
  const result = await trainModel(model, { train: windowedSource(sourceInput(d, d.train)), validation: validationSource }, options);
  // Prediction through a Predictor that does not own the model: it may be saved afterwards.
  const validation = new Predictor(model, { returnScale: result.returnScale }).predictSource(validationSource);
  return { kind, model, spec, result, options, validation };
}
