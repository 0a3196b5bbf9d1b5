import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/domain/random.js';
import { applyCalibration, chooseCalibration, fitCalibration } from '../../../src/ensemble/calibration/index.js';
import { expectedCalibrationError, logLoss } from '../../../src/models/evaluation/index.js';
import { miscalibrated, sigmoid } from './synthetic.js';

const logit = (q: number) => Math.log(q / (1 - q));

describe('calibration on miscalibrated predictions', () => {
  // Over-confident and biased up: what an over-fitted network tends to produce.
  const overconfident = (q: number) => sigmoid(2.5 * logit(q) + 0.5);

  it('Platt and isotonic fitted on validation rows cut ECE and log loss on later rows', () => {
    const rng = seededRng(21);
    const validation = miscalibrated(rng, 5000, overconfident);
    const later = miscalibrated(rng, 5000, overconfident);
    const rawEce = expectedCalibrationError(later.p, later.y);
    expect(rawEce).toBeGreaterThan(0.1);
    for (const method of ['platt', 'isotonic'] as const) {
      const params = fitCalibration(method, validation.p, validation.y);
      const calibrated = applyCalibration(params, later.p);
      expect(expectedCalibrationError(calibrated, later.y)).toBeLessThan(rawEce / 4);
      expect(logLoss(calibrated, later.y)).toBeLessThan(logLoss(later.p, later.y));
    }
  });

  it('chooses a calibrator over none for over-confident predictions', () => {
    const rng = seededRng(22);
    const { p, y } = miscalibrated(rng, 4000, overconfident);
    const choice = chooseCalibration(p, y);
    expect(choice.method).not.toBe('none');
    expect(choice.evaluatedChunks).toBe(4);
    expect(choice.scores[choice.method]).toBeLessThan(choice.scores.none);
    expect(choice.params.kind).toBe(choice.method);
  });

  it('chooses isotonic for a step-shaped distortion Platt cannot follow', () => {
    const rng = seededRng(23);
    // The truth is 0.3 below p = 0.5 and 0.8 above, whatever p says.
    const n = 4000;
    const p = Float64Array.from({ length: n }, () => rng.next());
    const y = Float64Array.from(p, (v) => (rng.next() < (v < 0.5 ? 0.3 : 0.8) ? 1 : 0));
    const choice = chooseCalibration(p, y);
    expect(choice.method).toBe('isotonic');
    expect(choice.scores.isotonic).toBeLessThan(choice.scores.platt);
  });

  it('does not try with too few rows, and rejects a single fold', () => {
    const choice = chooseCalibration([0.2, 0.8, 0.4, 0.6], [0, 1, 1, 0]);
    expect(choice.method).toBe('none');
    expect(choice.evaluatedChunks).toBe(0);
    expect(choice.scores.platt).toBeNaN();
    expect(() => chooseCalibration([0.2], [0], { folds: 1 })).toThrow(/folds/);
  });

  it('is deterministic', () => {
    const a = miscalibrated(seededRng(24), 1000, overconfident);
    expect(chooseCalibration(a.p, a.y)).toEqual(chooseCalibration(a.p, a.y));
  });
});
