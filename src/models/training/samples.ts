/**
 * Where training windows come from. A source hands out one window at a time, so the trainer can assemble
 * batches from a single feature matrix without materialising n·L·F floats of overlapping windows.
 */
export interface SampleSource {
  readonly size: number;
  readonly windowLength: number;
  readonly featureCount: number;
  /** 1 for "up", 0 otherwise; one per sample. */
  readonly labels: ArrayLike<number>;
  /** Realised return over the label horizon, one per sample; needed by models with a return head. */
  readonly returns?: ArrayLike<number>;
  /** Per-sample loss weights (e.g. more for recent samples); absent: every sample weighs 1. */
  readonly weights?: ArrayLike<number>;
  /** Copies window `i` (windowLength rows of featureCount values, oldest row first) into `out` at `offset`. */
  copyWindow(i: number, out: Float32Array, offset: number): void;
}

export interface ArraySourceInput {
  /** n windows back to back, each windowLength x featureCount, row-major (time, feature). */
  x: Float32Array;
  y: ArrayLike<number>;
  returns?: ArrayLike<number>;
  windowLength: number;
  featureCount: number;
}

/** A source over windows that are already materialised one after another. */
export function arraySource(input: ArraySourceInput): SampleSource {
  const { x, y, returns, windowLength, featureCount } = input;
  const stride = windowLength * featureCount;
  if (stride <= 0 || x.length % stride !== 0) {
    throw new Error(`windows: ${x.length} values is not a whole number of ${windowLength}x${featureCount} windows`);
  }
  const size = x.length / stride;
  checkPerSample('labels', y, size);
  if (returns) checkPerSample('returns', returns, size);
  return {
    size,
    windowLength,
    featureCount,
    labels: y,
    ...(returns ? { returns } : {}),
    copyWindow(i, out, offset) {
      out.set(x.subarray(i * stride, (i + 1) * stride), offset);
    },
  };
}

export interface WindowedSourceInput {
  /** The feature matrix: one row per bar, featureCount values each, oldest bar first. */
  rows: Float32Array;
  featureCount: number;
  windowLength: number;
  /** For each sample, the row index of its window's last (most recent) row. */
  ends: ArrayLike<number>;
  labels: ArrayLike<number>;
  returns?: ArrayLike<number>;
  weights?: ArrayLike<number>;
}

/** A source whose window i is rows ends[i]-L+1 .. ends[i] of one feature matrix. */
export function windowedSource(input: WindowedSourceInput): SampleSource {
  const { rows, featureCount, windowLength, ends, labels, returns, weights } = input;
  if (featureCount <= 0 || rows.length % featureCount !== 0) {
    throw new Error(`rows: ${rows.length} values is not a whole number of rows of ${featureCount} features`);
  }
  const rowCount = rows.length / featureCount;
  const size = ends.length;
  for (let i = 0; i < size; i++) {
    const end = ends[i] as number;
    if (!Number.isInteger(end) || end < windowLength - 1 || end >= rowCount) {
      throw new Error(`ends[${i}] = ${end}: a window of ${windowLength} rows must end within rows ${windowLength - 1}..${rowCount - 1}`);
    }
  }
  checkPerSample('labels', labels, size);
  if (returns) checkPerSample('returns', returns, size);
  if (weights) {
    checkPerSample('weights', weights, size);
    for (let i = 0; i < size; i++) if (!((weights[i] as number) >= 0)) throw new Error(`weights[${i}] = ${weights[i]}: a loss weight must be >= 0`);
  }
  return {
    size,
    windowLength,
    featureCount,
    labels,
    ...(returns ? { returns } : {}),
    ...(weights ? { weights } : {}),
    copyWindow(i, out, offset) {
      const end = ends[i] as number;
      out.set(rows.subarray((end - windowLength + 1) * featureCount, (end + 1) * featureCount), offset);
    },
  };
}

function checkPerSample(name: string, values: ArrayLike<number>, size: number): void {
  if (values.length !== size) throw new Error(`${name}: ${values.length} values for ${size} windows`);
}
