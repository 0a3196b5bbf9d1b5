import type { Rng } from '../../domain/random.js';
import { sharpeRatio } from './ratios.js';

export interface SharpeDifferenceOptions {
  /** Annualisation, as performanceReport does it. */
  readonly barsPerYear: number;
  /** Mean length, in bars, of the blocks the stationary bootstrap resamples. */
  readonly meanBlock: number;
  readonly samples: number;
  /** Coverage of the interval, e.g. 0.95. */
  readonly level: number;
  readonly rng: Rng;
}

export interface SharpeDifference {
  /** Annualised Sharpe ratios of `a` and of `b` on the given returns (0 for a flat record, as the report has it). */
  readonly a: number;
  readonly b: number;
  /** a - b. */
  readonly difference: number;
  /** Percentile interval of the bootstrapped difference at `level`. */
  readonly low: number;
  readonly high: number;
  readonly level: number;
  readonly samples: number;
  readonly meanBlock: number;
}

/** Annualised Sharpe of the per-bar returns at `idx` (mean over sample deviation), 0 when they do not vary. */
function sharpeAt(r: ArrayLike<number>, idx: Int32Array, barsPerYear: number): number {
  let s = 0;
  for (let k = 0; k < idx.length; k++) s += r[idx[k]!]!;
  const mean = s / idx.length;
  let q = 0;
  for (let k = 0; k < idx.length; k++) q += (r[idx[k]!]! - mean) ** 2;
  const sd = Math.sqrt(q / Math.max(1, idx.length - 1));
  return sd > 1e-12 ? (mean / sd) * Math.sqrt(barsPerYear) : 0;
}

/**
 * The difference of two strategies' Sharpe ratios on the same bars, with a stationary bootstrap interval
 * (Politis & Romano 1994): the paired per-bar returns are resampled together, in blocks of geometric
 * length with mean `meanBlock`, so that the serial correlation of positions held for days and the
 * correlation between the two strategies (one filters the other) are both kept. Deterministic for a
 * given rng.
 */
export function sharpeDifference(a: ArrayLike<number>, b: ArrayLike<number>, o: SharpeDifferenceOptions): SharpeDifference {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`sharpeDifference: ${n} returns against ${b.length}`);
  if (n < 2) throw new RangeError('sharpeDifference: fewer than two returns');
  if (!(o.meanBlock >= 1)) throw new RangeError(`sharpeDifference: meanBlock must be >= 1, got ${o.meanBlock}`);
  if (!(o.level > 0 && o.level < 1)) throw new RangeError(`sharpeDifference: level must be in (0, 1), got ${o.level}`);
  const sa = sharpeRatio(a, o.barsPerYear) ?? 0;
  const sb = sharpeRatio(b, o.barsPerYear) ?? 0;
  const restart = 1 / o.meanBlock;
  const idx = new Int32Array(n);
  const diffs = new Float64Array(o.samples);
  for (let s = 0; s < o.samples; s++) {
    let i = Math.floor(o.rng.next() * n);
    for (let k = 0; k < n; k++) {
      if (k > 0) i = o.rng.next() < restart ? Math.floor(o.rng.next() * n) : (i + 1) % n;
      idx[k] = i;
    }
    diffs[s] = sharpeAt(a, idx, o.barsPerYear) - sharpeAt(b, idx, o.barsPerYear);
  }
  diffs.sort();
  const tail = (1 - o.level) / 2;
  const at = (q: number) => diffs[Math.min(o.samples - 1, Math.max(0, Math.round(q * (o.samples - 1))))]!;
  return { a: sa, b: sb, difference: sa - sb, low: at(tail), high: at(1 - tail), level: o.level, samples: o.samples, meanBlock: o.meanBlock };
}
