import type { IndexRange } from '../normalize/fittedNormalizer.js';

export interface Fold {
  readonly index: number;
  /** Sample index ranges [start, end): a sample is the bar its label starts at. */
  readonly train: IndexRange;
  readonly validation: IndexRange;
  readonly test: IndexRange;
}

export interface WalkForwardOptions {
  /** expanding: every fold trains from `start`; sliding: on the last `trainSize` samples before its purge. */
  readonly scheme: 'expanding' | 'sliding';
  /** Samples to split, [start, end); see sampleRange. */
  readonly start: number;
  readonly end: number;
  /** Samples in a training block (sliding), or in the first one (expanding). */
  readonly trainSize: number;
  /** Samples in a validation block; 0 for none. */
  readonly validationSize: number;
  readonly testSize: number;
  /** Label horizon in bars: a sample's label reads bars up to its index + horizon. */
  readonly horizon: number;
  /** Bars left out between a block and the next one; at least `horizon` (the default). */
  readonly purge?: number;
  /** Bars left out after each test block before the next fold's test block; default `horizon`. */
  readonly embargo?: number;
  /** Keep only the most recent folds. */
  readonly maxFolds?: number;
}

/**
 * Samples of a series of `rows` bars that have a full window after the features' warm-up and a label:
 * [warmup + window - 1, rows - horizon).
 */
export function sampleRange(rows: number, warmup: number, window: number, horizon: number): IndexRange {
  return { start: warmup + window - 1, end: Math.max(warmup + window - 1, rows - horizon) };
}

function wholeAtLeast(name: string, v: number, min: number): void {
  if (!(Number.isInteger(v) && v >= min)) throw new RangeError(`${name} must be a whole number >= ${min}, got ${v}`);
}

/**
 * Walk-forward folds in time order: train | purge | validation | purge | test, the next fold's test
 * starting `embargo` bars after this one's ends. With purge >= horizon, the label of the last sample
 * of a block (index + horizon) ends before the next block's first sample, so no training label
 * reads a bar of its validation or test block.
 */
export function walkForwardFolds(o: WalkForwardOptions): Fold[] {
  const purge = o.purge ?? o.horizon;
  const embargo = o.embargo ?? o.horizon;
  wholeAtLeast('horizon', o.horizon, 1);
  wholeAtLeast('trainSize', o.trainSize, 1);
  wholeAtLeast('validationSize', o.validationSize, 0);
  wholeAtLeast('testSize', o.testSize, 1);
  wholeAtLeast('embargo', embargo, 0);
  wholeAtLeast('start', o.start, 0);
  if (!(Number.isInteger(purge) && purge >= o.horizon)) {
    throw new RangeError(
      `purge must be a whole number >= the label horizon (${o.horizon}), got ${purge}: a shorter purge lets training labels read validation bars`,
    );
  }
  const beforeTest = o.trainSize + purge + (o.validationSize > 0 ? o.validationSize + purge : 0);
  const folds: Fold[] = [];
  for (let k = 0; ; k++) {
    const testStart = o.start + beforeTest + k * (o.testSize + embargo);
    const testEnd = testStart + o.testSize;
    if (testEnd > o.end) break;
    const valEnd = o.validationSize > 0 ? testStart - purge : testStart;
    const valStart = valEnd - o.validationSize;
    const trainEnd = o.validationSize > 0 ? valStart - purge : testStart - purge;
    const trainStart = o.scheme === 'expanding' ? o.start : trainEnd - o.trainSize;
    folds.push({
      index: k,
      train: { start: trainStart, end: trainEnd },
      validation: { start: valStart, end: valEnd },
      test: { start: testStart, end: testEnd },
    });
  }
  const kept = o.maxFolds !== undefined && folds.length > o.maxFolds ? folds.slice(folds.length - o.maxFolds) : folds;
  return kept.map((f, i) => ({ ...f, index: i }));
}

/**
 * Everything wrong with a list of folds, as sentences (empty when they are leak-free): blocks in time
 * order and inside [start, end), each block's labels ending `purge - horizon` bars or more before the
 * next block starts, test blocks disjoint and `embargo` bars apart.
 */
export function foldViolations(folds: readonly Fold[], o: { horizon: number; purge?: number; embargo?: number; start: number; end: number }): string[] {
  const purge = o.purge ?? o.horizon;
  const embargo = o.embargo ?? o.horizon;
  const out: string[] = [];
  folds.forEach((f, k) => {
    const blocks: [string, IndexRange][] = [
      ['train', f.train],
      ['validation', f.validation],
      ['test', f.test],
    ];
    const present = blocks.filter(([, r]) => r.end > r.start);
    for (const [name, r] of blocks) {
      if (r.end < r.start) out.push(`fold ${k}: ${name} ends before it starts`);
      if (r.end > r.start && (r.start < o.start || r.end > o.end)) out.push(`fold ${k}: ${name} [${r.start}, ${r.end}) leaves [${o.start}, ${o.end})`);
    }
    for (let i = 1; i < present.length; i++) {
      const [a, ra] = present[i - 1] as [string, IndexRange];
      const [b, rb] = present[i] as [string, IndexRange];
      if (ra.end - 1 + o.horizon >= rb.start) out.push(`fold ${k}: the last ${a} label reads bar ${ra.end - 1 + o.horizon}, inside ${b} from ${rb.start}`);
      if (rb.start - ra.end < purge) out.push(`fold ${k}: only ${rb.start - ra.end} bars between ${a} and ${b}, purge is ${purge}`);
    }
    const prev = folds[k - 1];
    if (prev && f.test.start - prev.test.end < embargo) {
      out.push(`fold ${k}: test starts ${f.test.start - prev.test.end} bars after fold ${k - 1}'s test, embargo is ${embargo}`);
    }
  });
  return out;
}
