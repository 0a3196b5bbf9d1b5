import type { Rng } from '../../../src/domain/random.js';

/** Standard normal by Box-Muller from the seeded generator. */
export function normal(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * Synthetic predictions for calibration mechanics only (no market data): the true P(up) is `truth`, the
 * model reports `distort(truth)`, and labels are drawn from the truth.
 */
export function miscalibrated(rng: Rng, n: number, distort: (q: number) => number): { p: Float64Array; y: Float64Array } {
  const p = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const q = 0.05 + 0.9 * rng.next();
    p[i] = distort(q);
    y[i] = rng.next() < q ? 1 : 0;
  }
  return { p, y };
}
