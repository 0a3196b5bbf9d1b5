import type { Bar } from '../../domain/bar.js';
import { applyNormalizer, computeFeatures, schemaHash, type ColumnarValues, type FeatureSet, type NormalizerParams } from '../../features/index.js';
import type { AssetSamples } from './assetSamples.js';

/** Normalisation of model inputs: z-scores with statistics of the training rows only, clipped. */
export const FITTED = { method: 'fitted', clip: 10 } as const;

/** One asset of a pool: where its rows sit in the stacked matrix, and its samples. */
export interface PooledAsset {
  readonly symbol: string;
  readonly bars: readonly Bar[];
  /** First row of this asset in the stacked matrix. */
  readonly offset: number;
  readonly rows: number;
  /** Bar open times, one per row. */
  readonly times: Float64Array;
  readonly samples: AssetSamples;
}

/**
 * The features of every asset of a pool over its whole stored history, computed once per run (as the
 * daemon computes them, bar by bar) and stacked asset after asset into one matrix: the model reads a
 * window of one asset's rows, and one normaliser is fitted over the training rows of all of them.
 */
export interface PooledSeries {
  readonly featureSet: FeatureSet;
  readonly featureSchemaHash: string;
  readonly raw: ColumnarValues;
  /** Leading rows of each asset with an undefined column. */
  readonly warmup: number;
  readonly assets: readonly PooledAsset[];
}

export interface PoolInput {
  readonly symbol: string;
  readonly bars: readonly Bar[];
  readonly samples: AssetSamples;
}

export function pooledSeries(featureSet: FeatureSet, inputs: readonly PoolInput[], lead: readonly Bar[] | undefined): PooledSeries {
  const width = featureSet.columns.length;
  const matrices = inputs.map((a) => computeFeatures(featureSet, a.bars, { symbol: a.symbol, ...(lead && { lead }) }));
  const total = matrices.reduce((n, m) => n + m.rows, 0);
  const values = new Float32Array(total * width);
  const assets: PooledAsset[] = [];
  let offset = 0;
  matrices.forEach((m, k) => {
    const input = inputs[k] as PoolInput;
    values.set(m.values, offset * width);
    assets.push({ symbol: input.symbol, bars: input.bars, offset, rows: m.rows, times: Float64Array.from(m.times), samples: input.samples });
    offset += m.rows;
  });
  return {
    featureSet,
    featureSchemaHash: schemaHash(featureSet, FITTED),
    raw: { columns: featureSet.columns, width, rows: total, values },
    warmup: featureSet.warmup,
    assets,
  };
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
