import type { IndexRange } from '../normalize/fittedNormalizer.js';
import type { Fold } from './walkForward.js';

/** Bar open times [from, to), epoch ms. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export interface TimeFold {
  readonly index: number;
  readonly train: TimeRange;
  readonly validation: TimeRange;
  readonly test: TimeRange;
}

/** Index of the first time >= t in ascending `times` (times.length when none). */
export function lowerBound(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function toTimes(r: IndexRange, times: ArrayLike<number>): TimeRange {
  const n = times.length;
  const from = r.start < n ? (times[r.start] as number) : (times[n - 1] as number) + 1;
  if (r.end <= r.start) return { from, to: from };
  const to = r.end < n ? (times[r.end] as number) : (times[n - 1] as number) + 1;
  return { from, to };
}

/** A fold of one series (the reference, e.g. BTC's bars) as time ranges, to apply to other series. */
export function foldToTimes(fold: Fold, times: ArrayLike<number>): TimeFold {
  return { index: fold.index, train: toTimes(fold.train, times), validation: toTimes(fold.validation, times), test: toTimes(fold.test, times) };
}

/**
 * The same fold on another series (another asset): blocks by time, then shortened where this series'
 * own bars would leave less than `purge` bars between blocks, and kept inside [0, rows - horizon) so
 * every label exists. A block before the series begins comes out empty.
 */
export function foldForSeries(tf: TimeFold, times: ArrayLike<number>, o: { horizon: number; purge?: number }): Fold {
  const purge = o.purge ?? o.horizon;
  const last = Math.max(0, times.length - o.horizon);
  const range = (r: TimeRange): { start: number; end: number } => {
    const start = Math.min(lowerBound(times, r.from), last);
    return { start, end: Math.max(start, Math.min(lowerBound(times, r.to), last)) };
  };
  const test = range(tf.test);
  const validation = range(tf.validation);
  const train = range(tf.train);
  if (validation.end > validation.start) {
    validation.end = Math.max(validation.start, Math.min(validation.end, test.start - purge));
  }
  const next = validation.end > validation.start ? validation.start : test.start;
  train.end = Math.max(train.start, Math.min(train.end, next - purge));
  return { index: tf.index, train, validation, test };
}
