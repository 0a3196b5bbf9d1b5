import type { Bar } from '../../domain/bar.js';
import {
  applyNormalizer,
  computeFeatures,
  computeLabels,
  fitNormalizer,
  sampleRange,
  schemaHash,
  walkForwardFolds,
  type FeatureMatrix,
  type FeatureSet,
  type Fold,
  type IndexRange,
  type NormalizerParams,
} from '../../features/index.js';
import type { WindowedSourceInput } from '../training/samples.js';
import { lowerBound } from '../../features/splits/seriesFolds.js';

/** Normalisation of model inputs: z-scores with statistics of the training rows only, clipped. */
export const FITTED = { method: 'fitted', clip: 10 } as const;

export interface DatasetOptions {
  readonly windowLength: number;
  /** Label horizon in bars: the model predicts whether the close `horizon` bars ahead is higher. */
  readonly horizon: number;
  /** Use only the most recent bars for the splits (features still run over the whole history). */
  readonly maxBars: number;
  /** Fractions of the usable samples for validation and test; training gets the rest (minus purges). */
  readonly validationFraction: number;
  readonly testFraction: number;
  /** Keep every n-th training sample: neighbouring windows overlap almost entirely. */
  readonly trainStride: number;
  /**
   * Put the test block on these bar times [from, to) (a walk-forward fold) instead of at the end of the
   * history; validation and training come before it, each separated by a purge of `horizon` bars.
   */
  readonly testWindow?: { readonly from: number; readonly to: number };
}

export interface SampleBlock {
  /** Row index of each sample's last window row (the bar the prediction is made at). */
  readonly ends: Int32Array;
  /** 1 when the close `horizon` bars later is higher, else 0. */
  readonly labels: Float32Array;
  /** Forward log return over the horizon, divided by trailing volatility (the return head's target). */
  readonly returns: Float32Array;
  /** Raw forward log return, for directional accuracy and expected-return maps. */
  readonly forwardReturns: Float32Array;
}

export interface AssetDataset {
  readonly symbol: string;
  readonly featureSet: FeatureSet;
  readonly featureSchemaHash: string;
  readonly normalizer: NormalizerParams;
  /** Normalised feature rows, one per bar of the whole history; NaN during warm-up. */
  readonly rows: Float32Array;
  readonly times: Float64Array;
  readonly featureCount: number;
  readonly windowLength: number;
  readonly horizon: number;
  readonly fold: Fold;
  readonly train: SampleBlock;
  readonly validation: SampleBlock;
  readonly test: SampleBlock;
}

function block(range: IndexRange, stride: number, up: Float32Array, scaled: Float32Array, raw: Float32Array): SampleBlock {
  const ends: number[] = [];
  for (let i = range.start; i < range.end; i += stride) {
    if (Number.isFinite(raw[i]) && Number.isFinite(scaled[i])) ends.push(i);
  }
  const out: SampleBlock = {
    ends: Int32Array.from(ends),
    labels: Float32Array.from(ends, (i) => up[i] as number),
    returns: Float32Array.from(ends, (i) => scaled[i] as number),
    forwardReturns: Float32Array.from(ends, (i) => raw[i] as number),
  };
  return out;
}

/** The most recent train | validation | test split of the last `maxBars` samples. */
function lastFold(symbol: string, usable: IndexRange, o: DatasetOptions): Fold {
  const start = Math.max(usable.start, usable.end - o.maxBars);
  const n = usable.end - start;
  const validationSize = Math.floor(n * o.validationFraction);
  const testSize = Math.floor(n * o.testFraction);
  const trainSize = n - validationSize - testSize - 2 * o.horizon;
  if (trainSize < 10 * o.windowLength || validationSize < 1 || testSize < 1) {
    throw new Error(`${symbol}: ${n} usable bars are too few to split (need more history)`);
  }
  const fold = walkForwardFolds({ scheme: 'sliding', start, end: usable.end, trainSize, validationSize, testSize, horizon: o.horizon }).at(-1);
  if (!fold) throw new Error(`${symbol}: no fold fits in ${n} samples`);
  return fold;
}

/**
 * A split whose test block is the samples in a time window: validation just before it and training
 * before that, purged, sized from maxBars with the same proportions as the last-fold split.
 */
function foldAt(symbol: string, times: ArrayLike<number>, usable: IndexRange, w: { from: number; to: number }, o: DatasetOptions): Fold {
  const test = { start: Math.max(usable.start, lowerBound(times, w.from)), end: Math.min(usable.end, lowerBound(times, w.to)) };
  const validationSize = Math.floor(o.maxBars * o.validationFraction);
  const trainSize = Math.floor(o.maxBars * (1 - o.validationFraction - o.testFraction));
  const valEnd = test.start - o.horizon;
  const validation = { start: valEnd - validationSize, end: valEnd };
  const trainEnd = validation.start - o.horizon;
  const train = { start: Math.max(usable.start, trainEnd - trainSize), end: trainEnd };
  if (test.end <= test.start || train.end - train.start < 10 * o.windowLength || validation.start < usable.start) {
    throw new Error(`${symbol}: not enough history before ${new Date(w.from).toISOString()} for a training and validation block`);
  }
  return { index: 0, train, validation, test };
}

/**
 * One asset's training data, leak-free: features over the whole stored history (as the daemon computes
 * them), labels `horizon` bars ahead, one purged train | validation | test split over the most recent
 * `maxBars`, and a normaliser fitted on the training rows only.
 */
export function buildAssetDataset(
  symbol: string,
  bars: readonly Bar[],
  lead: readonly Bar[] | undefined,
  featureSet: FeatureSet,
  o: DatasetOptions,
): AssetDataset {
  const matrix: FeatureMatrix = computeFeatures(featureSet, bars, { symbol, ...(lead && { lead }) });
  const labels = computeLabels(bars, { horizons: [o.horizon] });
  const h = labels.horizons[0];
  if (!h) throw new Error('no labels for the horizon');
  const up = Float32Array.from(h.logReturn, (r) => (Number.isFinite(r) ? (r > 0 ? 1 : 0) : Number.NaN));

  const usable = sampleRange(matrix.rows, matrix.warmup, o.windowLength, o.horizon);
  const fold = o.testWindow ? foldAt(symbol, matrix.times, usable, o.testWindow, o) : lastFold(symbol, usable, o);

  // Statistics from the rows the training windows read, and nothing later.
  const normalizer = fitNormalizer(matrix, { start: fold.train.start - o.windowLength + 1, end: fold.train.end }, FITTED.clip);
  const rows = applyNormalizer(normalizer, matrix.values);
  return {
    symbol,
    featureSet,
    featureSchemaHash: schemaHash(featureSet, FITTED),
    normalizer,
    rows,
    times: Float64Array.from(matrix.times),
    featureCount: matrix.width,
    windowLength: o.windowLength,
    horizon: o.horizon,
    fold,
    train: block(fold.train, o.trainStride, up, h.scaledReturn, h.logReturn),
    validation: block(fold.validation, 1, up, h.scaledReturn, h.logReturn),
    test: block(fold.test, 1, up, h.scaledReturn, h.logReturn),
  };
}

/** A block as the trainer's windowed sample source takes it. */
export function sourceInput(d: AssetDataset, b: SampleBlock): WindowedSourceInput {
  return { rows: d.rows, featureCount: d.featureCount, windowLength: d.windowLength, ends: b.ends, labels: b.labels, returns: b.returns };
}

/** The model input rows of a whole series: features over all of it, normalised with fitted statistics. */
export function normalizedRows(
  set: FeatureSet,
  normalizer: NormalizerParams,
  symbol: string,
  bars: readonly Bar[],
  lead: readonly Bar[] | undefined,
): { rows: Float32Array; times: Float64Array; warmup: number } {
  const m = computeFeatures(set, bars, { symbol, ...(lead && { lead }) });
  return { rows: applyNormalizer(normalizer, m.values), times: Float64Array.from(m.times), warmup: m.warmup };
}
