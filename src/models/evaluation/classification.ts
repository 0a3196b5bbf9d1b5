import { assertBinaryLabels, assertNonEmpty, assertProbabilities, assertSameLength, mean, type Numbers } from './numbers.js';
import { clipProbability, PROBABILITY_EPS } from './probability.js';

/**
 * Metrics of binary P(up) predictions `p` against labels `y` in {0, 1}.
 * A metric that is undefined for the data (AUC with one class, precision with no predicted positives)
 * is NaN, never a made-up 0; JSON.stringify writes NaN as null.
 */

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** A prediction counts as "up" when p >= threshold (0.5 by default). */
export function confusion(p: Numbers, y: Numbers, threshold = 0.5): Confusion {
  assertSameLength(p, y, 'confusion');
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < p.length; i++) {
    const up = p[i]! >= threshold;
    if (y[i] === 1) {
      if (up) c.tp++;
      else c.fn++;
    } else if (up) c.fp++;
    else c.tn++;
  }
  return c;
}

export function accuracy(p: Numbers, y: Numbers, threshold = 0.5): number {
  const c = confusion(p, y, threshold);
  const n = c.tp + c.fp + c.tn + c.fn;
  return n === 0 ? Number.NaN : (c.tp + c.tn) / n;
}

/** TP / (TP + FP); NaN when the model never predicts up. */
export function precision(p: Numbers, y: Numbers, threshold = 0.5): number {
  const c = confusion(p, y, threshold);
  return c.tp + c.fp === 0 ? Number.NaN : c.tp / (c.tp + c.fp);
}

/** TP / (TP + FN); NaN when there is no positive label. */
export function recall(p: Numbers, y: Numbers, threshold = 0.5): number {
  const c = confusion(p, y, threshold);
  return c.tp + c.fn === 0 ? Number.NaN : c.tp / (c.tp + c.fn);
}

/**
 * 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall written so that it stays defined
 * (and 0) for a model that never predicts up on data that has ups. NaN only with no positives at all.
 */
export function f1(p: Numbers, y: Numbers, threshold = 0.5): number {
  const c = confusion(p, y, threshold);
  const d = 2 * c.tp + c.fp + c.fn;
  return d === 0 ? Number.NaN : (2 * c.tp) / d;
}

/**
 * ROC AUC as the Mann-Whitney statistic: the probability that a random positive scores above a random
 * negative, ties counting one half (tied scores share their average rank). NaN with a single class.
 */
export function rocAuc(p: Numbers, y: Numbers): number {
  assertSameLength(p, y, 'rocAuc');
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && p[order[end]!] === p[order[start]!]) end++;
    // Ranks start..end-1 (0-based) are tied: each gets the mean 1-based rank.
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (y[order[k]!] === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean negative log-likelihood, with p clipped to [eps, 1 - eps] (eps = 1e-7). */
export function logLoss(p: Numbers, y: Numbers, eps = PROBABILITY_EPS): number {
  assertSameLength(p, y, 'logLoss');
  if (p.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const c = clipProbability(p[i]!, eps);
    s -= y[i] === 1 ? Math.log(c) : Math.log(1 - c);
  }
  return s / p.length;
}

/** Mean squared difference between probability and outcome. */
export function brierScore(p: Numbers, y: Numbers): number {
  assertSameLength(p, y, 'brierScore');
  if (p.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i]! - y[i]!) ** 2;
  return s / p.length;
}

/**
 * Share of pairs where the predicted and the realised return have the same sign. Pairs where either is
 * exactly zero say nothing about direction and are left out; NaN when no pair is left.
 */
export function directionalAccuracy(predicted: Numbers, realised: Numbers): number {
  assertSameLength(predicted, realised, 'directionalAccuracy');
  let counted = 0;
  let agree = 0;
  for (let i = 0; i < predicted.length; i++) {
    const a = predicted[i]!;
    const b = realised[i]!;
    if (a === 0 || b === 0 || Number.isNaN(a) || Number.isNaN(b)) continue;
    counted++;
    if (a > 0 === b > 0) agree++;
  }
  return counted === 0 ? Number.NaN : agree / counted;
}

export interface ReliabilityBin {
  /** Bin covers [lower, upper); the last bin also holds p = 1. */
  lower: number;
  upper: number;
  count: number;
  /** Mean prediction and observed frequency of ups in the bin; NaN for an empty bin. */
  meanPrediction: number;
  observedFrequency: number;
}

function binOf(p: number, bins: number): number {
  return Math.max(0, Math.min(bins - 1, Math.floor(p * bins)));
}

/** Equal-width bins over [0, 1] (10 by default), every bin listed, empty ones with count 0. */
export function reliabilityTable(p: Numbers, y: Numbers, bins = 10): ReliabilityBin[] {
  assertSameLength(p, y, 'reliabilityTable');
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`reliabilityTable: bins must be a positive integer, got ${bins}`);
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < p.length; i++) {
    const b = binOf(p[i]!, bins);
    count[b]!++;
    sumP[b]! += p[i]!;
    sumY[b]! += y[i]!;
  }
  return count.map((c, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: c,
    meanPrediction: c === 0 ? Number.NaN : sumP[b]! / c,
    observedFrequency: c === 0 ? Number.NaN : sumY[b]! / c,
  }));
}

/** Expected calibration error: sum over bins of (bin share) x |mean prediction - observed frequency|. */
export function expectedCalibrationError(p: Numbers, y: Numbers, bins = 10): number {
  if (p.length === 0) return Number.NaN;
  let ece = 0;
  for (const bin of reliabilityTable(p, y, bins)) {
    if (bin.count > 0) ece += (bin.count / p.length) * Math.abs(bin.meanPrediction - bin.observedFrequency);
  }
  return ece;
}

export interface ClassificationReport {
  count: number;
  /** Share of labels that are 1: the accuracy bar a "always up" model clears. */
  positiveRate: number;
  meanPrediction: number;
  threshold: number;
  confusion: Confusion;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  auc: number;
  logLoss: number;
  brier: number;
  ece: number;
  /** Sign of (p - threshold) against `realisedReturns`; NaN when none were given. */
  directionalAccuracy: number;
  reliability: ReliabilityBin[];
}

export interface ClassificationReportOptions {
  threshold?: number;
  bins?: number;
  /** The returns the labels were made from, to score direction as a trader would. */
  realisedReturns?: Numbers;
}

/** Every classification metric at once. Inputs are checked: p finite in [0, 1], y in {0, 1}, same length. */
export function classificationReport(p: Numbers, y: Numbers, options: ClassificationReportOptions = {}): ClassificationReport {
  const threshold = options.threshold ?? 0.5;
  const bins = options.bins ?? 10;
  assertSameLength(p, y, 'classificationReport');
  assertNonEmpty(p, 'classificationReport');
  assertProbabilities(p, 'classificationReport');
  assertBinaryLabels(y, 'classificationReport');
  const c = confusion(p, y, threshold);
  const n = p.length;
  let direction = Number.NaN;
  if (options.realisedReturns !== undefined) {
    assertSameLength(p, options.realisedReturns, 'classificationReport realisedReturns');
    direction = directionalAccuracy(
      Array.from(p, (v) => v - threshold),
      options.realisedReturns,
    );
  }
  const d = 2 * c.tp + c.fp + c.fn;
  return {
    count: n,
    positiveRate: mean(y),
    meanPrediction: mean(p),
    threshold,
    confusion: c,
    accuracy: (c.tp + c.tn) / n,
    precision: c.tp + c.fp === 0 ? Number.NaN : c.tp / (c.tp + c.fp),
    recall: c.tp + c.fn === 0 ? Number.NaN : c.tp / (c.tp + c.fn),
    f1: d === 0 ? Number.NaN : (2 * c.tp) / d,
    auc: rocAuc(p, y),
    logLoss: logLoss(p, y),
    brier: brierScore(p, y),
    ece: expectedCalibrationError(p, y, bins),
    directionalAccuracy: direction,
    reliability: reliabilityTable(p, y, bins),
  };
}
