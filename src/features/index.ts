/**
 * Features, labels and leak-free datasets: the inputs of every model.
 *
 * The one guarantee: nothing computed for bar t reads a bar after t. Every feature is a kernel (an
 * incremental state machine) stepped once per bar in time order; batch and streaming run the very
 * same kernels, so they agree bit for bit, and a value cannot see the future because the kernel has
 * not been given it yet.
 *
 * For the model code, in the order it needs them:
 *
 * - FeatureSet (featureSet.ts): a declared, ordered list of FeatureSpec {kind, params, source,
 *   columns, warmup}. `defaultFeatureSet()` is the list (51 columns with the BTC lead);
 *   `defineFeatureSet(specs, options)` builds others; `featureSetToJson` / `featureSetFromJson` store
 *   it in a model file. `set.warmup` = index of the first row with every column defined.
 * - computeFeatures(set, bars | OhlcvColumns, { symbol, lead? }) -> FeatureMatrix: row-major
 *   Float32Array [rows x width], NaN during warm-up, plus the bar times.
 * - StreamingFeatures (daemon): pushLead(btcBar) then push(bar) -> Float32Array row, or null during
 *   warm-up; update(bar) always returns the row (NaN where undefined).
 * - computeLabels(bars, options) -> Labels: per horizon (default 6 and 24 bars) the forward log return,
 *   that return over trailing sigma * sqrt(h), a DIRECTION class (down 0 / flat 1 / up 2, flat inside
 *   the dead zone), and triple-barrier BARRIER classes (stop 0 / timeout 1 / take profit 2) for a long
 *   and a short at ATR barriers (stop 1.3 ATR, take profit 2 ATR; stop first when a bar touches both).
 *   NaN where there is no label (the last h bars, warm-up).
 * - Normalisation: fitNormalizer(matrix, trainRange) -> NormalizerParams (plain JSON, fitted on the
 *   training rows only) and applyNormalizer; or trailing z-scores (TrailingNormalizer /
 *   trailingZScores), causal by construction. A NormalizationSpec names the method.
 * - schemaHash(set, normalizationSpec): sha256 over columns, kinds, params, tiers, lead and
 *   normalisation method; a stored model keeps it and refuses another.
 * - WindowedDataset([{ name, features, targets }], window = 64): sample id = global row of a window's
 *   last bar; samples(segment, start, end) lists usable ids of a fold block; batches(ids, size) fills
 *   reused buffers shaped [size, window, width] and [size, targets] for tf.tensor3d / tf.tensor2d.
 * - walkForwardFolds(options) -> Fold[] (expanding or sliding; train | purge | validation | purge |
 *   test, embargo between test blocks); foldViolations checks a list; sampleRange gives the bounds;
 *   foldToTimes / foldForSeries carry a fold from one asset to another by time.
 */
export type { Kernel, KernelContext, FeatureKind, FeatureGroup, Params } from './definitions/kind.js';
export { FEATURE_KINDS, featureKind } from './definitions/registry.js';
export {
  DEFAULT_FEATURE_SET_OPTIONS,
  DEFAULT_FEATURE_SPECS,
  DEFAULT_LEAD_SPECS,
  DEFAULT_TIERS,
  defaultFeatureSet,
  defineFeatureSet,
  featureSetFromJson,
  featureSetToJson,
  tierOf,
  type FeatureSet,
  type FeatureSetJson,
  type FeatureSetOptions,
  type FeatureSource,
  type FeatureSpec,
  type FeatureSpecInput,
  type LeadOptions,
} from './featureSet.js';
export { schemaHash } from './schemaHash.js';
export { computeFeatures, type ComputeOptions } from './compute/computeFeatures.js';
export { StreamingFeatures, type StreamingOptions } from './compute/streamingFeatures.js';
export { columnOf, rowView, type FeatureMatrix } from './compute/featureMatrix.js';
export { toColumns, type BarSeries, type OhlcvColumns } from './compute/series.js';
export { DEFAULT_NORMALIZATION, normalizationSpecSchema, type NormalizationSpec } from './normalize/normalizationSpec.js';
export {
  applyNormalizer,
  assertSameColumns,
  fitNormalizer,
  parseNormalizerParams,
  type ColumnarValues,
  type IndexRange,
  type NormalizerParams,
} from './normalize/fittedNormalizer.js';
export { TrailingNormalizer, trailingZScores } from './normalize/trailingNormalizer.js';
export { BARRIER, DEFAULT_LABEL_OPTIONS, DIRECTION, resolveLabelOptions, type LabelOptions } from './labels/labelOptions.js';
export { computeLabels, labelColumns, type HorizonLabels, type Labels } from './labels/computeLabels.js';
export { tripleBarrier, type BarrierSettings } from './labels/tripleBarrier.js';
export { WindowedDataset, type Batch, type DatasetSeries, type Segment } from './dataset/windowedDataset.js';
export { foldViolations, sampleRange, walkForwardFolds, type Fold, type WalkForwardOptions } from './splits/walkForward.js';
export { foldForSeries, foldToTimes, type TimeFold, type TimeRange } from './splits/seriesFolds.js';
export { csvLine, formatCell } from './csv/csvFormat.js';
export { NormalizedWindow } from './window/normalizedWindow.js';
