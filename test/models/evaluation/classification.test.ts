import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/domain/random.js';
import {
  accuracy,
  brierScore,
  classificationReport,
  confusion,
  directionalAccuracy,
  expectedCalibrationError,
  f1,
  logLoss,
  precision,
  recall,
  reliabilityTable,
  rocAuc,
} from '../../../src/models/evaluation/index.js';

// Predicted "up" at p >= 0.5: [1, 1, 0, 1, 0, 0] against labels [1, 1, 1, 0, 0, 0].
const p = [0.9, 0.8, 0.4, 0.6, 0.2, 0.1];
const y = [1, 1, 1, 0, 0, 0];

describe('threshold metrics', () => {
  it('counts the confusion matrix and derives accuracy, precision, recall and F1 from it', () => {
    // TP: 0.9, 0.8; FN: 0.4; FP: 0.6; TN: 0.2, 0.1.
    expect(confusion(p, y)).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
    expect(accuracy(p, y)).toBeCloseTo(4 / 6, 12); // (TP + TN) / n
    expect(precision(p, y)).toBeCloseTo(2 / 3, 12); // TP / (TP + FP)
    expect(recall(p, y)).toBeCloseTo(2 / 3, 12); // TP / (TP + FN)
    expect(f1(p, y)).toBeCloseTo(4 / 6, 12); // 2TP / (2TP + FP + FN) = 4 / 6
  });

  it('counts p exactly at the threshold as up', () => {
    expect(confusion([0.5], [1])).toEqual({ tp: 1, fp: 0, tn: 0, fn: 0 });
    expect(accuracy([0.7, 0.7], [1, 0], 0.8)).toBe(0.5);
  });

  it('is NaN where a ratio has nothing to count, and F1 is 0 for a model that never says up', () => {
    const never = [0.1, 0.2, 0.3];
    expect(precision(never, [1, 0, 1])).toBeNaN();
    expect(recall([0.9, 0.1], [0, 0])).toBeNaN();
    expect(f1(never, [1, 0, 1])).toBe(0); // 2*0 / (0 + 0 + 2)
    expect(f1(never, [0, 0, 0])).toBeNaN();
  });
});

describe('ROC AUC', () => {
  it('matches the pair count on a hand case', () => {
    // Positives 0.9, 0.8, 0.4 vs negatives 0.6, 0.2, 0.1: 3 + 3 + 2 of 9 pairs ranked right.
    // Ranks 1..6 ascending: positives hold 3, 5, 6 -> (14 - 3*4/2) / 9 = 8/9.
    expect(rocAuc(p, y)).toBeCloseTo(8 / 9, 12);
  });

  it('counts tied scores as half a correct pair', () => {
    expect(rocAuc([0.5, 0.5], [1, 0])).toBe(0.5);
    // Pairs (pos, neg): (0.5, 0.3) 1, (0.5, 0.5) 0.5, (0.7, 0.3) 1, (0.7, 0.5) 1 -> 3.5 / 4.
    expect(rocAuc([0.3, 0.5, 0.5, 0.7], [0, 1, 0, 1])).toBeCloseTo(0.875, 12);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one and about 0.5 for noise', () => {
    expect(rocAuc([0.1, 0.2, 0.3, 0.7, 0.8], [0, 0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.3, 0.2, 0.1], [0, 0, 0, 1, 1])).toBe(0);
    const rng = seededRng(7);
    const n = 20_000;
    const scores = Float64Array.from({ length: n }, () => rng.next());
    const labels = Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
    // Standard error of AUC for independent noise at this size is about 0.004.
    expect(Math.abs(rocAuc(scores, labels) - 0.5)).toBeLessThan(0.02);
  });

  it('is undefined with a single class', () => {
    expect(rocAuc([0.2, 0.9], [1, 1])).toBeNaN();
  });
});

describe('probability scores', () => {
  it('computes log loss on a hand case and clips certainty at 1e-7', () => {
    // y=1: -ln .9, -ln .8, -ln .4; y=0: -ln(1-.6), -ln(1-.2), -ln(1-.1) = -ln .4, -ln .8, -ln .9.
    const expected = -(2 * Math.log(0.9) + 2 * Math.log(0.8) + 2 * Math.log(0.4)) / 6;
    expect(logLoss(p, y)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.414932, 6);
    // A certain miss costs -ln(1e-7) = 16.118, not Infinity.
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1e-7), 9);
    expect(logLoss(new Float32Array([1, 0]), [1, 0])).toBeCloseTo(-Math.log(1 - 1e-7), 12);
  });

  it('computes the Brier score on a hand case', () => {
    // (0.1² + 0.2² + 0.6² + 0.6² + 0.2² + 0.1²) / 6 = 0.82 / 6
    expect(brierScore(p, y)).toBeCloseTo(0.82 / 6, 12);
  });
});

describe('directional accuracy', () => {
  it('scores sign agreement and leaves out exact zeros', () => {
    // Kept pairs: (+,+) agree, (-,-) agree, (+,-) disagree; (0, .05) and (.01, 0) are left out -> 2/3.
    expect(directionalAccuracy([0.01, -0.02, 0.03, 0, 0.01], [0.02, -0.01, -0.01, 0.05, 0])).toBeCloseTo(2 / 3, 12);
    expect(directionalAccuracy([0, 0], [1, -1])).toBeNaN();
  });
});

describe('calibration error', () => {
  it('bins predictions into 10 equal-width bins and weights the gaps by bin share', () => {
    const pp = [0.12, 0.18, 0.15, 0.72, 0.78];
    const yy = [0, 1, 0, 1, 1];
    const table = reliabilityTable(pp, yy);
    expect(table).toHaveLength(10);
    expect(table[1]).toMatchObject({ lower: 0.1, upper: 0.2, count: 3 });
    expect(table[1]!.meanPrediction).toBeCloseTo(0.15, 12);
    expect(table[1]!.observedFrequency).toBeCloseTo(1 / 3, 12);
    expect(table[7]).toMatchObject({ count: 2, observedFrequency: 1 });
    expect(table[7]!.meanPrediction).toBeCloseTo(0.75, 12);
    expect(table[0]!.count).toBe(0);
    expect(table[0]!.meanPrediction).toBeNaN();
    // 3/5 * |0.15 - 1/3| + 2/5 * |0.75 - 1| = 0.11 + 0.10
    expect(expectedCalibrationError(pp, yy)).toBeCloseTo(0.21, 12);
  });

  it('puts p = 1 in the last bin and bin edges in the upper bin', () => {
    const table = reliabilityTable([1, 0.3, 0], [1, 0, 0]);
    expect(table[9]!.count).toBe(1);
    expect(table[3]!.count).toBe(1);
    expect(table[0]!.count).toBe(1);
  });

  it('is zero for predictions equal to their bin frequency', () => {
    expect(expectedCalibrationError([0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0])).toBeCloseTo(0, 12);
  });
});

describe('classificationReport', () => {
  it('returns every metric consistent with the individual functions', () => {
    const report = classificationReport(p, y, { realisedReturns: [0.02, 0.01, 0.03, -0.01, -0.02, 0] });
    expect(report.count).toBe(6);
    expect(report.positiveRate).toBe(0.5);
    expect(report.accuracy).toBeCloseTo(4 / 6, 12);
    expect(report.precision).toBeCloseTo(2 / 3, 12);
    expect(report.recall).toBeCloseTo(2 / 3, 12);
    expect(report.f1).toBeCloseTo(2 / 3, 12);
    expect(report.auc).toBeCloseTo(8 / 9, 12);
    expect(report.logLoss).toBeCloseTo(logLoss(p, y), 12);
    expect(report.brier).toBeCloseTo(0.82 / 6, 12);
    // One point per bin: (0.1 + 0.2 + 0.6 + 0.6 + 0.2 + 0.1) / 6.
    expect(report.ece).toBeCloseTo(0.3, 12);
    expect(report.reliability).toHaveLength(10);
    // p - 0.5 = [.4, .3, -.1, .1, -.3, -.4] vs returns: agree, agree, disagree, disagree, agree, (0 left out).
    expect(report.directionalAccuracy).toBeCloseTo(3 / 5, 12);
  });

  it('leaves directional accuracy undefined without returns', () => {
    expect(classificationReport(p, y).directionalAccuracy).toBeNaN();
  });

  it('refuses predictions that are not probabilities and labels that are not 0/1', () => {
    expect(() => classificationReport([0.2, Number.NaN], [0, 1])).toThrow(/prediction 1 is NaN/);
    expect(() => classificationReport([0.2, 1.2], [0, 1])).toThrow(/prediction 1/);
    expect(() => classificationReport([0.2, 0.3], [0, 2])).toThrow(/label 1 is 2/);
    expect(() => classificationReport([0.2], [0, 1])).toThrow(/lengths differ/);
    expect(() => classificationReport([], [])).toThrow(/empty/);
  });
});
