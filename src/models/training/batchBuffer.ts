import type { ClassWeights } from './classWeights.js';
import type { SampleSource } from './samples.js';

/** Reused host memory for one batch: windows, labels, per-sample loss weights (class x sample) and scaled returns. */
export interface BatchBuffer {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly weight: Float32Array;
  readonly target: Float32Array;
  size: number;
}

export function batchBuffer(capacity: number, windowLength: number, featureCount: number): BatchBuffer {
  return {
    x: new Float32Array(capacity * windowLength * featureCount),
    y: new Float32Array(capacity),
    weight: new Float32Array(capacity),
    target: new Float32Array(capacity),
    size: 0,
  };
}

/**
 * Fills `buffer` with samples order[from..to) of `source`. Refuses labels other than 0/1 and non-finite
 * features: a NaN that reached the optimiser would silently poison every weight.
 */
export function fillBatch(
  buffer: BatchBuffer,
  source: SampleSource,
  order: ArrayLike<number>,
  from: number,
  to: number,
  weights: ClassWeights,
  returnScale: number,
): void {
  const stride = source.windowLength * source.featureCount;
  let k = 0;
  for (let p = from; p < to; p++, k++) {
    const i = order[p] as number;
    source.copyWindow(i, buffer.x, k * stride);
    const label = source.labels[i];
    if (label !== 0 && label !== 1) throw new Error(`sample ${i}: label ${String(label)} is not 0 or 1`);
    buffer.y[k] = label;
    buffer.weight[k] = (label === 1 ? weights.up : weights.down) * (source.weights ? (source.weights[i] as number) : 1);
    buffer.target[k] = source.returns ? (source.returns[i] as number) / returnScale : 0;
  }
  buffer.size = k;
  const x = buffer.x;
  for (let j = 0, n = k * stride; j < n; j++) {
    if (!Number.isFinite(x[j] as number)) {
      const sample = order[from + Math.floor(j / stride)];
      throw new Error(
        `sample ${String(sample)}: feature value ${x[j]} at step ${Math.floor((j % stride) / source.featureCount)}, feature ${j % source.featureCount} is not finite`,
      );
    }
  }
}
