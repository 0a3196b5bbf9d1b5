/** Log loss and logit clip probabilities this far from 0 and 1, so a confident miss costs ~16 nats, not Infinity. */
export const PROBABILITY_EPS = 1e-7;

export function clipProbability(p: number, eps = PROBABILITY_EPS): number {
  return p < eps ? eps : p > 1 - eps ? 1 - eps : p;
}

/** 1 / (1 + e^-z) without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(p / (1 - p)) of the clipped probability. */
export function logit(p: number, eps = PROBABILITY_EPS): number {
  const c = clipProbability(p, eps);
  return Math.log(c / (1 - c));
}

/** log(1 + e^z) without overflow: the log loss of a logistic model is softplus(z) - y z. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}
