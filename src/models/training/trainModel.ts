import * as tf from '@tensorflow/tfjs';
import { batchBuffer, fillBatch, type BatchBuffer } from './batchBuffer.js';
import { epochOrders } from './batchOrder.js';
import { balancedClassWeights, UNWEIGHTED, type ClassWeights } from './classWeights.js';
import { EarlyStopping } from './earlyStopping.js';
import { clipByGlobalNorm, modelLoss } from './loss.js';
import { arraySource, type SampleSource } from './samples.js';

/** Windows materialised back to back (n·L·F floats), as the simplest way in. */
export interface ArrayTrainingData {
  trainX: Float32Array;
  trainY: ArrayLike<number>;
  valX: Float32Array;
  valY: ArrayLike<number>;
  windowLength: number;
  featureCount: number;
  /** Realised returns per sample, for models with a return head. */
  trainReturns?: ArrayLike<number>;
  valReturns?: ArrayLike<number>;
}

/** Windows served one at a time (see windowedSource), to train from one feature matrix. */
export interface SourceTrainingData {
  train: SampleSource;
  validation: SampleSource;
}

export type TrainingData = ArrayTrainingData | SourceTrainingData;

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without a validation-loss improvement before stopping; the best epoch's weights are restored. */
  patience: number;
  /** Seeds the batch order (initialisation and dropout are seeded by buildModel). */
  seed: number;
  /** An improvement smaller than this does not count. Default 0. */
  minDelta?: number;
  /** Weigh classes n / (2·n_c) so that a skewed base rate is not learnt as a signal. Default true. */
  classBalance?: boolean;
  /** Weight of the return head's squared error next to the cross-entropy. Default 0.5. */
  returnLossWeight?: number;
  /** Global gradient-norm clip. Default 1; 0 disables. */
  clipNorm?: number;
  onEpoch?: (report: EpochReport) => void;
  onBatch?: (progress: BatchProgress) => void;
  /** A monotonic clock in milliseconds, for per-epoch timings; without it no timings are reported. */
  now?: () => number;
  /** Stops training between batches; the best weights so far are restored. */
  signal?: AbortSignal;
}

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  improved: boolean;
  bestEpoch: number;
  backend: string;
  seconds?: number;
}

export type StopReason = 'completed' | 'earlyStopping' | 'diverged' | 'aborted';

export interface TrainResult {
  history: EpochReport[];
  /** 1-based epoch whose weights the model now holds; 0 if no epoch finished. */
  bestEpoch: number;
  bestValLoss: number;
  epochsRun: number;
  stopReason: StopReason;
  classWeights: ClassWeights;
  /** Return targets were divided by this; multiply the return column by it (null: no return head). */
  returnScale: number | null;
  backend: string;
  trainSamples: number;
  validationSamples: number;
}

const VALIDATION_BATCH = 512;

/** What an option left out means. */
export const TRAINING_DEFAULTS = { minDelta: 0, classBalance: true, returnLossWeight: 0.5, clipNorm: 1 } as const;

/**
 * Trains `model` in place with Adam on the training windows, scoring the validation windows after each
 * epoch, and leaves it holding the weights of the epoch with the lowest validation loss.
 */
export async function trainModel(model: tf.LayersModel, data: TrainingData, options: TrainOptions): Promise<TrainResult> {
  const { train, validation } = toSources(data);
  checkShapes(model, train, validation);
  const returnHead = outputColumns(model) > 1;
  if (returnHead && (!train.returns || !validation.returns)) {
    throw new Error('this model has a return head: give trainReturns and valReturns (or returns on both sources)');
  }
  const classWeights = !(options.classBalance ?? TRAINING_DEFAULTS.classBalance) ? UNWEIGHTED : balancedClassWeights(train.labels);
  const returnScale = returnHead ? standardDeviation(train.returns as ArrayLike<number>) : null;
  const returnWeight = returnHead ? (options.returnLossWeight ?? TRAINING_DEFAULTS.returnLossWeight) : 0;
  const backend = tf.getBackend();
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(options.learningRate);
  const stopping = new EarlyStopping(options.patience, options.minDelta ?? TRAINING_DEFAULTS.minDelta);
  const orders = epochOrders(train.size, options.seed);
  const buffer = batchBuffer(Math.max(options.batchSize, VALIDATION_BATCH), train.windowLength, train.featureCount);
  const batches = Math.ceil(train.size / options.batchSize);
  const history: EpochReport[] = [];
  let best: Float32Array[] | null = null;
  let stopReason: StopReason = 'completed';

  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const started = options.now?.();
      const order = orders.next();
      let lossSum = 0;
      let correct = 0;
      for (let b = 0; b < batches; b++) {
        if (options.signal?.aborted) break;
        const from = b * options.batchSize;
        fillBatch(buffer, train, order, from, Math.min(from + options.batchSize, train.size), classWeights, returnScale ?? 1);
        const step = trainStep(model, optimizer, variables, buffer, train, returnWeight, options.clipNorm ?? TRAINING_DEFAULTS.clipNorm);
        lossSum += step.loss * buffer.size;
        correct += step.correct;
        options.onBatch?.({ epoch, batch: b + 1, batches, loss: step.loss });
        if (b % 8 === 7) await tf.nextFrame();
      }
      if (options.signal?.aborted) {
        stopReason = 'aborted';
        break;
      }
      const loss = lossSum / train.size;
      const val = evaluate(model, validation, buffer, classWeights, returnScale ?? 1, returnWeight);
      if (!Number.isFinite(loss) || !Number.isFinite(val.loss)) {
        stopReason = 'diverged';
        break;
      }
      const verdict = stopping.observe(epoch, val.loss);
      if (verdict === 'improved') best = snapshot(model);
      const report: EpochReport = {
        epoch,
        epochs: options.epochs,
        loss,
        accuracy: correct / train.size,
        valLoss: val.loss,
        valAccuracy: val.accuracy,
        improved: verdict === 'improved',
        bestEpoch: stopping.bestEpoch,
        backend,
        ...(started !== undefined && options.now ? { seconds: (options.now() - started) / 1000 } : {}),
      };
      history.push(report);
      options.onEpoch?.(report);
      await tf.nextFrame();
      if (verdict === 'stop') {
        stopReason = 'earlyStopping';
        break;
      }
    }
  } finally {
    optimizer.dispose();
  }
  if (best) restore(model, best);
  return {
    history,
    bestEpoch: stopping.bestEpoch,
    bestValLoss: stopping.best,
    epochsRun: history.length,
    stopReason,
    classWeights,
    returnScale,
    backend,
    trainSamples: train.size,
    validationSamples: validation.size,
  };
}

function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  buffer: BatchBuffer,
  source: SampleSource,
  returnWeight: number,
  clipNorm: number,
): { loss: number; correct: number } {
  return tf.tidy(() => {
    const { x, y, weight, target } = batchTensors(buffer, source);
    // The gradient scope disposes the output once it returns, so the hit count is kept from inside it.
    let hits: tf.Tensor | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const output = model.apply(x, { training: true }) as tf.Tensor2D;
      hits = tf.keep(correctTensor(output, y));
      return modelLoss(output, y, weight, target, returnWeight);
    }, variables);
    optimizer.applyGradients(clipByGlobalNorm(grads, clipNorm));
    const correct = (hits as tf.Tensor | null)?.dataSync()[0] ?? 0;
    if (hits) tf.dispose(hits as tf.Tensor);
    return { loss: value.dataSync()[0] as number, correct };
  }) as { loss: number; correct: number };
}

function evaluate(
  model: tf.LayersModel,
  source: SampleSource,
  buffer: BatchBuffer,
  weights: ClassWeights,
  returnScale: number,
  returnWeight: number,
): { loss: number; accuracy: number } {
  const order = Int32Array.from({ length: source.size }, (_, i) => i);
  let lossSum = 0;
  let correct = 0;
  for (let from = 0; from < source.size; from += VALIDATION_BATCH) {
    fillBatch(buffer, source, order, from, Math.min(from + VALIDATION_BATCH, source.size), weights, returnScale);
    tf.tidy(() => {
      const { x, y, weight, target } = batchTensors(buffer, source);
      const output = model.apply(x, { training: false }) as tf.Tensor2D;
      lossSum += (modelLoss(output, y, weight, target, returnWeight).dataSync()[0] as number) * buffer.size;
      correct += countCorrect(output, y);
    });
  }
  return { loss: lossSum / source.size, accuracy: correct / source.size };
}

function batchTensors(buffer: BatchBuffer, source: SampleSource) {
  const n = buffer.size;
  const L = source.windowLength;
  const F = source.featureCount;
  return {
    x: tf.tensor3d(buffer.x.subarray(0, n * L * F), [n, L, F]),
    y: tf.tensor1d(buffer.y.subarray(0, n)),
    weight: tf.tensor1d(buffer.weight.subarray(0, n)),
    target: tf.tensor1d(buffer.target.subarray(0, n)),
  };
}

function countCorrect(output: tf.Tensor2D, y: tf.Tensor1D): number {
  return tf.tidy(() => correctTensor(output, y).dataSync()[0] as number);
}

function correctTensor(output: tf.Tensor2D, y: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const pUp = tf.reshape(tf.slice(output, [0, 0], [-1, 1]), [-1]);
    return tf.sum(tf.cast(tf.equal(tf.greaterEqual(pUp, 0.5), tf.cast(y, 'bool')), 'float32')) as tf.Scalar;
  });
}

function snapshot(model: tf.LayersModel): Float32Array[] {
  return model.weights.map((w) => w.read().dataSync().slice() as Float32Array);
}

function restore(model: tf.LayersModel, values: Float32Array[]): void {
  const tensors = model.weights.map((w, i) => tf.tensor(values[i] as Float32Array, w.read().shape));
  model.setWeights(tensors);
  tf.dispose(tensors);
}

function toSources(data: TrainingData): SourceTrainingData {
  if ('train' in data) return data;
  const { windowLength, featureCount } = data;
  return {
    train: arraySource({ x: data.trainX, y: data.trainY, windowLength, featureCount, ...(data.trainReturns ? { returns: data.trainReturns } : {}) }),
    validation: arraySource({ x: data.valX, y: data.valY, windowLength, featureCount, ...(data.valReturns ? { returns: data.valReturns } : {}) }),
  };
}

function outputColumns(model: tf.LayersModel): number {
  return (model.outputs[0]?.shape[1] as number | undefined) ?? 1;
}

function checkShapes(model: tf.LayersModel, train: SampleSource, validation: SampleSource): void {
  const [, L, F] = model.inputs[0]?.shape ?? [];
  for (const [name, s] of [
    ['training', train],
    ['validation', validation],
  ] as const) {
    if (s.windowLength !== L || s.featureCount !== F) {
      throw new Error(`${name} windows are ${s.windowLength}x${s.featureCount}, the model takes ${String(L)}x${String(F)}`);
    }
    if (s.size === 0) throw new Error(`no ${name} windows`);
    for (let i = 0; i < s.size; i++) {
      const label = s.labels[i];
      if (label !== 0 && label !== 1) throw new Error(`${name} sample ${i}: label ${String(label)} is not 0 or 1`);
    }
  }
}

function standardDeviation(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i] as number;
  mean /= values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += ((values[i] as number) - mean) ** 2;
  const sd = Math.sqrt(sq / values.length);
  return sd > 1e-12 ? sd : 1;
}
