import { seededRng } from '../../src/domain/random.js';

/**
 * A synthetic sequence task (not market data): each window is uniform noise in [-1, 1], and the label is
 * whether feature 0, `lag` steps before the window's last step, was positive. Only a model that carries
 * information across `lag` steps can beat 50%; it tests the learner, not the market.
 */
export interface LagTask {
  x: Float32Array;
  y: Float32Array;
  /** A return-like target tied to the same value, for return-head tests. */
  returns: Float32Array;
  windowLength: number;
  featureCount: number;
  lag: number;
}

export function lagTask(count: number, seed: number, windowLength = 24, featureCount = 2, lag = 15): LagTask {
  const rng = seededRng(seed);
  const stride = windowLength * featureCount;
  const x = new Float32Array(count * stride);
  const y = new Float32Array(count);
  const returns = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < stride; j++) x[i * stride + j] = rng.next() * 2 - 1;
    const cue = x[i * stride + (windowLength - 1 - lag) * featureCount] as number;
    y[i] = cue > 0 ? 1 : 0;
    returns[i] = cue * 0.01;
  }
  return { x, y, returns, windowLength, featureCount, lag };
}

export function accuracy(pUp: Float32Array, y: Float32Array): number {
  let hits = 0;
  for (let i = 0; i < y.length; i++) if ((pUp[i] as number) >= 0.5 === ((y[i] as number) === 1)) hits++;
  return hits / y.length;
}
