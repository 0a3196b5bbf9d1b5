/**
 * Features of one series: row-major [rows x width] Float32Array, so the window of rows [t - L + 1, t]
 * is one contiguous subarray. NaN marks a value that does not exist yet (warm-up).
 */
export interface FeatureMatrix {
  readonly columns: readonly string[];
  readonly rows: number;
  readonly width: number;
  readonly values: Float32Array;
  /** Bar open time of each row, epoch ms. */
  readonly times: Float64Array;
  /** First row with every column defined, when the series is long enough. */
  readonly warmup: number;
}

/** Row `i` as a view (no copy). */
export function rowView(m: FeatureMatrix, i: number): Float32Array {
  return m.values.subarray(i * m.width, (i + 1) * m.width);
}

/** Column `name` copied out as a Float32Array of length rows. */
export function columnOf(m: FeatureMatrix, name: string): Float32Array {
  const c = m.columns.indexOf(name);
  if (c < 0) throw new RangeError(`no column '${name}'; columns: ${m.columns.join(', ')}`);
  const out = new Float32Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.values[i * m.width + c] as number;
  return out;
}
