import { z } from 'zod';
import { assertBinaryLabels, assertNonEmpty, assertProbabilities, assertSameLength, type Numbers } from '../../models/evaluation/numbers.js';
import { logit, sigmoid, softplus } from '../../models/evaluation/probability.js';

/**
 * Platt scaling on the logit: calibrated = sigmoid(a * logit(p) + b). a = 1, b = 0 is the identity;
 * a < 1 softens an over-confident model, b moves its base rate.
 */
export const plattParamsSchema = z.object({ kind: z.literal('platt'), a: z.number(), b: z.number() });
export type PlattParams = z.infer<typeof plattParamsSchema>;

export interface PlattOptions {
  /**
   * Fit against Platt's smoothed targets (N+ + 1) / (N+ + 2) and 1 / (N- + 2) instead of 1 and 0. Keeps a
   * and b finite when validation predictions separate the classes; its pull is O(1/N). Default true.
   */
  targetSmoothing?: boolean;
  maxIter?: number;
}

/** Mean-gradient size at which the fit has converged: far below anything a calibrated probability shows. */
const GRADIENT_TOL = 1e-10;

/** Maximum likelihood a, b by Newton's method from the identity; deterministic. */
export function fitPlatt(p: Numbers, y: Numbers, options: PlattOptions = {}): PlattParams {
  assertSameLength(p, y, 'fitPlatt');
  assertNonEmpty(p, 'fitPlatt');
  assertProbabilities(p, 'fitPlatt');
  assertBinaryLabels(y, 'fitPlatt');
  const n = p.length;
  const f = Float64Array.from(p, (v) => logit(v));
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  const smooth = options.targetSmoothing ?? true;
  const high = smooth ? (positives + 1) / (positives + 2) : 1;
  const low = smooth ? 1 / (n - positives + 2) : 0;
  const t = Float64Array.from(y, (v) => (v === 1 ? high : low));

  const objective = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = a * f[i]! + b;
      s += softplus(z) - t[i]! * z;
    }
    return s / n;
  };

  let a = 1;
  let b = 0;
  let current = objective(a, b);
  const maxIter = options.maxIter ?? 100;
  for (let iter = 0; iter < maxIter; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < n; i++) {
      const q = sigmoid(a * f[i]! + b);
      const r = q - t[i]!;
      const w = q * (1 - q);
      ga += r * f[i]!;
      gb += r;
      haa += w * f[i]! ** 2;
      hab += w * f[i]!;
      hbb += w;
    }
    ga /= n;
    gb /= n;
    if (Math.max(Math.abs(ga), Math.abs(gb)) < GRADIENT_TOL) break;
    // A whisker of damping keeps the 2x2 solvable when every prediction is the same (then only b matters).
    const damp = 1e-12 + (1e-9 * (haa + hbb)) / n;
    haa = haa / n + damp;
    hbb = hbb / n + damp;
    hab /= n;
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Near the optimum the gradient is rounding noise; a step that small changes nothing worth having.
    if (Math.max(Math.abs(da), Math.abs(db)) < 1e-12 * (1 + Math.abs(a) + Math.abs(b))) break;
    const slope = ga * da + gb * db;
    let moved = false;
    for (let step = 1; step > 1e-12; step /= 2) {
      const value = objective(a - step * da, b - step * db);
      // Strict: accepting "no worse" would let rounding noise keep the loop going to maxIter.
      if (value < current - 1e-4 * step * slope) {
        a -= step * da;
        b -= step * db;
        current = value;
        moved = true;
        break;
      }
    }
    if (!moved) break;
  }
  return { kind: 'platt', a, b };
}

export function applyPlatt(params: PlattParams, p: Numbers): Float64Array {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = sigmoid(params.a * logit(p[i]!) + params.b);
  return out;
}
