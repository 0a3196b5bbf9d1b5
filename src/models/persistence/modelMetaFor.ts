import type * as tf from '@tensorflow/tfjs';
import type { ModelKind, ResolvedSpec } from '../kinds.js';
import { TRAINING_DEFAULTS, type TrainOptions, type TrainResult } from '../training/trainModel.js';
import { META_FORMAT, type ModelMeta, type ModelRange } from './meta.js';

export interface ModelMetaInput {
  kind: ModelKind;
  /** resolveSpec(kind, spec): the sizes the model was built with. */
  spec: ResolvedSpec;
  asset: string;
  version: string;
  featureSchemaHash: string;
  featureNames?: string[];
  normalisation: Record<string, unknown>;
  ranges: { train: ModelRange; validation: ModelRange; test: ModelRange | null };
  seed: number;
  /** ISO 8601; the caller's clock, not ours. */
  createdAt: string;
  model: tf.LayersModel;
  training: TrainResult;
  options: TrainOptions;
  /** Further scores (test accuracy, Brier score, ...) to record next to the validation ones. */
  metrics?: Record<string, number>;
}

/** meta.json's content from what training produced, so callers do not assemble it field by field. */
export function modelMetaFor(input: ModelMetaInput): ModelMeta {
  const { training, options } = input;
  const best = training.history.find((e) => e.epoch === training.bestEpoch);
  return {
    format: META_FORMAT,
    kind: input.kind,
    asset: input.asset,
    version: input.version,
    featureSchemaHash: input.featureSchemaHash,
    ...(input.featureNames ? { featureNames: input.featureNames } : {}),
    windowLength: input.spec.windowLength,
    featureCount: input.spec.featureCount,
    normalisation: input.normalisation,
    ranges: input.ranges,
    metrics: {
      ...(best ? { trainLoss: best.loss, valLoss: best.valLoss, valAccuracy: best.valAccuracy } : {}),
      ...(input.metrics ?? {}),
    },
    hyperparameters: {
      spec: { ...input.spec },
      training: {
        epochs: options.epochs,
        batchSize: options.batchSize,
        learningRate: options.learningRate,
        patience: options.patience,
        classBalance: options.classBalance ?? TRAINING_DEFAULTS.classBalance,
        returnLossWeight: options.returnLossWeight ?? TRAINING_DEFAULTS.returnLossWeight,
        clipNorm: options.clipNorm ?? TRAINING_DEFAULTS.clipNorm,
      },
    },
    returnScale: training.returnScale,
    parameterCount: input.model.countParams(),
    history: training.history.map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss, accuracy: e.accuracy, valAccuracy: e.valAccuracy })),
    bestEpoch: training.bestEpoch,
    backend: training.backend,
    seed: input.seed,
    createdAt: input.createdAt,
  };
}
