import { z } from 'zod';
import { UserError } from '../../internal/errors.js';

/** A row range [start, end) of a series. */
export interface IndexRange {
  readonly start: number;
  readonly end: number;
}

/** Per-column z-score statistics fitted on a training range: plain JSON, stored with the model. */
export interface NormalizerParams {
  readonly method: 'fitted';
  readonly columns: readonly string[];
  readonly mean: readonly number[];
  /** 1 for a column that did not vary (or had no value) in the training range. */
  readonly std: readonly number[];
  readonly clip: number;
  /** The rows the statistics came from, for the record. */
  readonly fitRanges: readonly IndexRange[];
}

/** Row-major values with named columns: a FeatureMatrix, or the rows of several stacked. */
export interface ColumnarValues {
  readonly columns: readonly string[];
  readonly width: number;
  readonly rows: number;
  readonly values: Float32Array;
}

/**
 * Mean and population std of every column over the rows of `ranges` only (NaN values, the warm-up,
 * are left out). Nothing outside them is read, so a training split cannot learn the scale of the
 * validation or test data. Several ranges: the training blocks of several assets in a stacked
 * matrix (a WindowedDataset is a ColumnarValues too).
 */
export function fitNormalizer(m: ColumnarValues, ranges: IndexRange | readonly IndexRange[], clip = 10): NormalizerParams {
  const list: readonly IndexRange[] = Array.isArray(ranges) ? ranges : [ranges as IndexRange];
  for (const r of list) {
    if (!(Number.isInteger(r.start) && Number.isInteger(r.end) && 0 <= r.start && r.start <= r.end && r.end <= m.rows)) {
      throw new RangeError(`fit range [${r.start}, ${r.end}) is not inside the ${m.rows} rows`);
    }
  }
  if (!list.some((r) => r.end > r.start)) throw new RangeError('nothing to fit on: every fit range is empty');
  const w = m.width;
  const v = m.values;
  const count = new Float64Array(w);
  const sum = new Float64Array(w);
  const mean = new Float64Array(w);
  const sq = new Float64Array(w);
  // Two passes (mean, then squared deviations) keep the variance exact for columns far from 0.
  for (const pass of [0, 1]) {
    for (const range of list) {
      for (let i = range.start; i < range.end; i++) {
        const base = i * w;
        for (let c = 0; c < w; c++) {
          const x = v[base + c] as number;
          if (Number.isNaN(x)) continue;
          if (pass === 0) {
            count[c] = (count[c] as number) + 1;
            sum[c] = (sum[c] as number) + x;
          } else {
            const d = x - (mean[c] as number);
            sq[c] = (sq[c] as number) + d * d;
          }
        }
      }
    }
    if (pass === 0) for (let c = 0; c < w; c++) mean[c] = count[c] ? (sum[c] as number) / (count[c] as number) : 0;
  }
  const std: number[] = [];
  for (let c = 0; c < w; c++) {
    const s = count[c] ? Math.sqrt((sq[c] as number) / (count[c] as number)) : 0;
    std.push(s > 1e-12 ? s : 1);
  }
  return { method: 'fitted', columns: [...m.columns], mean: Array.from(mean), std, clip, fitRanges: list.map((r) => ({ start: r.start, end: r.end })) };
}

/** A normaliser's statistics as the arithmetic reads them: made once, for a caller that scales a row per bar. */
export interface PreparedNormalizer {
  readonly width: number;
  readonly mean: Float64Array;
  /** 1 / std. */
  readonly inv: Float64Array;
  readonly clip: number;
}

export function prepareNormalizer(p: NormalizerParams): PreparedNormalizer {
  return { width: p.columns.length, mean: Float64Array.from(p.mean), inv: Float64Array.from(p.std, (s) => 1 / s), clip: p.clip };
}

/** (x - mean) / std clipped to ±clip, column by column; NaN stays NaN. `out` may be `values` itself. */
export function applyNormalizer(
  p: NormalizerParams | PreparedNormalizer,
  values: Float32Array,
  out: Float32Array = new Float32Array(values.length),
): Float32Array {
  const { width: w, mean, inv, clip } = 'method' in p ? prepareNormalizer(p) : p;
  if (values.length % w !== 0) throw new RangeError(`${values.length} values are not whole rows of ${w} columns`);
  for (let base = 0; base < values.length; base += w) {
    for (let c = 0; c < w; c++) {
      const z = ((values[base + c] as number) - (mean[c] as number)) * (inv[c] as number);
      out[base + c] = z > clip ? clip : z < -clip ? -clip : z;
    }
  }
  return out;
}

/** Check that a stored normaliser matches the columns it is about to scale. */
export function assertSameColumns(p: NormalizerParams, columns: readonly string[], where: string): void {
  if (p.columns.length !== columns.length || p.columns.some((c, i) => c !== columns[i])) {
    throw new UserError(`${where}: the normaliser was fitted on other columns than the feature set's`, {
      hint: 'retrain the model with the current feature set, or use the feature set it was trained with',
    });
  }
}

const paramsSchema = z.strictObject({
  method: z.literal('fitted'),
  columns: z.array(z.string()),
  mean: z.array(z.number().finite()),
  std: z.array(z.number().finite().positive()),
  clip: z.number().finite().positive(),
  fitRanges: z.array(z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(0) })),
});

/** Read stored normaliser parameters (a model file); `where` names the file in errors. */
export function parseNormalizerParams(json: unknown, where: string): NormalizerParams {
  const r = paramsSchema.safeParse(json);
  if (!r.success) {
    throw new UserError(`${where}: bad normaliser parameters: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const p = r.data;
  if (p.mean.length !== p.columns.length || p.std.length !== p.columns.length) {
    throw new UserError(`${where}: normaliser has ${p.columns.length} columns but ${p.mean.length} means and ${p.std.length} stds`);
  }
  return p;
}
