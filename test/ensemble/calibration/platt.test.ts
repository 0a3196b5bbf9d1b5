import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/domain/random.js';
import { applyPlatt, calibrationParamsSchema, fitPlatt } from '../../../src/ensemble/calibration/index.js';
import { normal, sigmoid } from './synthetic.js';

describe('Platt scaling', () => {
  it('recovers a and b from data drawn from a logistic model of logit(p)', () => {
    const rng = seededRng(42);
    const n = 20_000;
    const trueA = 0.6;
    const trueB = -0.3;
    const p = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const f = 1.5 * normal(rng);
      p[i] = sigmoid(f); // logit(p) = f
      y[i] = rng.next() < sigmoid(trueA * f + trueB) ? 1 : 0;
    }
    const fitted = fitPlatt(p, y);
    // Standard errors at this size are about 0.01 for both.
    expect(Math.abs(fitted.a - trueA)).toBeLessThan(0.04);
    expect(Math.abs(fitted.b - trueB)).toBeLessThan(0.04);
  });

  it('applies sigmoid(a logit(p) + b)', () => {
    const params = { kind: 'platt' as const, a: 2, b: 0.5 };
    // logit(0.5) = 0 -> sigmoid(0.5); logit(0.8) = ln 4 -> sigmoid(2 ln 4 + 0.5).
    const out = applyPlatt(params, [0.5, 0.8]);
    expect(out[0]).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 12);
    expect(out[1]).toBeCloseTo(1 / (1 + Math.exp(-(2 * Math.log(4) + 0.5))), 12);
    expect(Array.from(applyPlatt({ kind: 'platt', a: 1, b: 0 }, [0.2, 0.7]))).toEqual([expect.closeTo(0.2, 12), expect.closeTo(0.7, 12)]);
  });

  it('stays finite when the predictions separate the classes, and on constant predictions', () => {
    const p = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9];
    const y = [0, 0, 0, 1, 1, 1];
    // Smoothed targets 4/5 and 1/5 (3 of each class): the fit aims at them, so 0.9 is pulled in, not pushed to 1.
    const separated = fitPlatt(p, y);
    expect(separated.a).toBeGreaterThan(0);
    expect(separated.a).toBeLessThan(1);
    expect(applyPlatt(separated, [0.9])[0]).toBeLessThan(0.9);
    // Raw 0/1 targets on separable data: the likelihood keeps rising with a, which only maxIter stops.
    expect(fitPlatt(p, y, { targetSmoothing: false }).a).toBeGreaterThan(10);
    // Every p the same: only the base rate can be learnt. Smoothed targets: 3 of 4 up -> (3+1)/(3+2) and 1/(1+2).
    const flat = fitPlatt([0.5, 0.5, 0.5, 0.5], [1, 1, 1, 0]);
    const expected = 0.75 * (4 / 5) + 0.25 * (1 / 3);
    expect(applyPlatt(flat, [0.5])[0]).toBeCloseTo(expected, 6);
    expect(applyPlatt(fitPlatt([0.5, 0.5, 0.5, 0.5], [1, 1, 1, 0], { targetSmoothing: false }), [0.5])[0]).toBeCloseTo(0.75, 6);
  });

  it('round-trips through JSON and the calibration schema', () => {
    const params = fitPlatt([0.2, 0.4, 0.6, 0.8], [0, 1, 0, 1]);
    expect(calibrationParamsSchema.parse(JSON.parse(JSON.stringify(params)))).toEqual(params);
    expect(() => calibrationParamsSchema.parse({ kind: 'platt', a: 'x', b: 0 })).toThrow();
  });
});
