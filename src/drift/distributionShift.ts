import { binShares, type FeatureBins } from './featureReference.js';

/** Floor for an empty bin's share: PSI is infinite otherwise (the usual 1e-4). */
const FLOOR = 1e-4;

export interface FeatureShift {
  /** Population stability index of the live rows against the reference bins. */
  readonly psi: number;
  /** Kolmogorov-Smirnov statistic, on the reference's bin edges (a lower bound of the exact one). */
  readonly ks: number;
  readonly n: number;
}

/**
 * How far a feature's live values moved from its training distribution. PSI sums (live - ref) x
 * ln(live / ref) over the reference's bins (0.1 is the usual "look", 0.25 "moved"); KS is the largest gap
 * between the two cumulative distributions at the bin edges.
 */
export function featureShift(ref: FeatureBins, live: ArrayLike<number>): FeatureShift {
  const { shares, n } = binShares(ref.edges, live);
  if (n === 0) return { psi: Number.NaN, ks: Number.NaN, n };
  let psi = 0;
  let ks = 0;
  let cumRef = 0;
  let cumLive = 0;
  for (let k = 0; k < shares.length; k++) {
    const e = Math.max(FLOOR, ref.proportions[k] ?? 0);
    const a = Math.max(FLOOR, shares[k] as number);
    psi += (a - e) * Math.log(a / e);
    cumRef += ref.proportions[k] ?? 0;
    cumLive += shares[k] as number;
    ks = Math.max(ks, Math.abs(cumLive - cumRef));
  }
  return { psi, ks, n };
}
